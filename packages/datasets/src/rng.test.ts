import { describe, expect, it } from 'vitest';
import { createRng, hashSeed, randomInt, shuffleInPlace } from './rng.js';

describe('createRng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
  });

  it('is uniform on [0, 1)', () => {
    const rng = createRng(123);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const x = rng();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      bins[Math.floor(x * 10)]! += 1;
    }
    for (const count of bins) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('accepts negative and large seeds and rejects non-integers', () => {
    expect(createRng(-1)()).not.toBe(createRng(2 ** 40)());
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng('1' as unknown as number)).toThrow(TypeError);
  });
});

describe('hashSeed', () => {
  it('depends on every argument and on their order', () => {
    const seen = new Set<number>();
    for (let epoch = 0; epoch < 10; epoch++) for (let i = 0; i < 100; i++) seen.add(hashSeed(42, epoch, i));
    expect(seen.size).toBe(1000);
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(hashSeed(1, 2)).toBe(hashSeed(1, 2));
    expect(hashSeed(0)).not.toBe(hashSeed(2 ** 32));
    expect(hashSeed(1, 2, 3)).toBeLessThan(2 ** 32);
    expect(() => hashSeed(0.5)).toThrow(/argument 0/);
  });
});

describe('randomInt and shuffleInPlace', () => {
  it('draws inclusive bounds and permutes', () => {
    const rng = createRng(3);
    const values = new Set(Array.from({ length: 200 }, () => randomInt(rng, 2, 4)));
    expect([...values].sort()).toEqual([2, 3, 4]);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffleInPlace([...items], rng);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
