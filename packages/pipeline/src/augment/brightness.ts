/**
 * Multiply every channel of `pixels` RGB pixels by `factor` in place, rounded and clamped to
 * 0..255: a brighter or darker exposure of the same scene. Factor 1 is the identity.
 */
export function brightness(rgb: Uint8Array, pixels: number, factor: number): void {
  if (factor === 1) return;
  const n = pixels * 3;
  for (let i = 0; i < n; i++) rgb[i] = Math.min(255, Math.round((rgb[i] as number) * factor));
}
