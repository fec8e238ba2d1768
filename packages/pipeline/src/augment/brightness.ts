/**
 * Multiply every channel of `pixels` RGB pixels by `factor` in place, rounded and clamped to
 * 0..255: a brighter or darker exposure of the same scene. Factor 1 is the identity.
 */
export function brightness(rgb: Uint8Array, pixels: number, factor: number): void {
  if (factor === 1) return;
  const n = pixels * 3;
  for (let i = 0; i < n; i++) rgb[i] = Math.min(255, Math.round((rgb[i] as number) * factor));
}

/** Draw a brightness factor uniform in [1 - range, 1 + range]. */
export function drawBrightness(rng: () => number, range: number): number {
  return 1 + (rng() * 2 - 1) * range;
}
