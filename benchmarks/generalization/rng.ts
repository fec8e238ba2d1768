/** Seeded random numbers for the SVG generator (mulberry32; its own, not @maskflow/datasets'). */
export interface Rng {
  next(): number;
  range(lo: number, hi: number): number;
  int(n: number): number;
  /** An RGB colour: greys, near-blacks, near-whites and saturated hues, as car paints are. */
  colour(): [number, number, number];
}

/** mulberry32 (https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const range = (lo: number, hi: number) => lo + (hi - lo) * next();
  return {
    next,
    range,
    int: (n) => Math.floor(next() * n),
    colour: () => {
      const kind = next();
      if (kind < 0.35) {
        const g = range(20, 235);
        return [g, g * range(0.95, 1.05), g * range(0.95, 1.08)];
      }
      const base = [range(20, 90), range(20, 90), range(20, 90)];
      base[Math.floor(next() * 3)] = range(120, 240);
      return base as [number, number, number];
    },
  };
}
