/** Draw a multiplicative factor uniform in [1 - range, 1 + range] from one rng() call (zoom, brightness, contrast, saturation). */
export function drawFactor(rng: () => number, range: number): number {
  return 1 + (rng() * 2 - 1) * range;
}
