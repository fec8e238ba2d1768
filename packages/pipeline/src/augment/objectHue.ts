/**
 * Object recolouring: the hue of the object's pixels (mask 1) rotated by its own draw over the whole
 * colour circle, the background left as it is. The image-wide hue shift moves object and background
 * together, so a dozen training cars still teach which colours the object has *relative to* its
 * surroundings; recolouring the object alone teaches that any colour can be the object.
 */
import { hueShift } from './hueShift.js';

/**
 * Draw an object hue rotation with `probability` per sample: a delta uniform in [-0.5, 0.5) turns,
 * or undefined. Always takes two numbers from `rng`, so later operations' draws do not depend on it.
 */
export function drawObjectHue(rng: () => number, probability: number): number | undefined {
  const drawn = rng();
  const delta = rng() - 0.5;
  return drawn < probability ? delta : undefined;
}

/** Rotate the hue of the RGB pixels whose mask is 1 by `delta` turns, in place (as hueShift; grey pixels stay grey). */
export function objectHueShift(rgb: Uint8Array, mask: Uint8Array, pixels: number, delta: number): void {
  for (let p = 0; p < pixels; p++) {
    // Runs of object pixels go to hueShift in one call: one subarray per run, not per pixel.
    if (mask[p] !== 1) continue;
    let end = p + 1;
    while (end < pixels && mask[end] === 1) end++;
    hueShift(rgb.subarray(p * 3, end * 3), end - p, delta);
    p = end;
  }
}
