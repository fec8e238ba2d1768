/**
 * Occluder augmentation: a box of one colour, shaded top to bottom, painted in front of the
 * scene and cut out of the mask, as a pole, plant or box standing in front of a car would be.
 * A dozen training cars show few occlusions; this teaches that what covers the object is not it.
 */

/** One drawn occluder: pixel box [x0, x1) x [y0, y1), base colour and shading, or none. */
export interface Occluder {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  rgb: [number, number, number];
  /** Brightness factor at the bottom edge relative to the top (0.6-1.4): a lit, round surface. */
  shade: number;
}

/** Occluder widths and heights as fractions of the image: [min, max]. */
const WIDTH: readonly [number, number] = [0.04, 0.25];
const HEIGHT: readonly [number, number] = [0.1, 0.6];

/**
 * Draw an occluder with `probability` per sample. Always takes the same nine numbers from `rng`,
 * so that the draws of later operations do not depend on whether it was drawn.
 */
export function drawOccluder(rng: () => number, probability: number, width: number, height: number): Occluder | undefined {
  const u = Array.from({ length: 9 }, rng) as [number, number, number, number, number, number, number, number, number];
  if (u[0] >= probability) return undefined;
  const w = Math.max(1, Math.round(width * (WIDTH[0] + (WIDTH[1] - WIDTH[0]) * u[1])));
  const h = Math.max(1, Math.round(height * (HEIGHT[0] + (HEIGHT[1] - HEIGHT[0]) * u[2])));
  const x0 = Math.floor(u[3] * (width - w + 1));
  const y0 = Math.floor(u[4] * (height - h + 1));
  const rgb: [number, number, number] = [Math.floor(u[5] * 256), Math.floor(u[6] * 256), Math.floor(u[7] * 256)];
  return { x0, y0, x1: x0 + w, y1: y0 + h, rgb, shade: 0.6 + 0.8 * u[8] };
}

/** Paint `o` into an RGB image and set the mask to background under it, both in place. */
export function occlude(image: Uint8Array, mask: Uint8Array, width: number, o: Occluder): void {
  const rows = Math.max(1, o.y1 - o.y0 - 1);
  for (let y = o.y0; y < o.y1; y++) {
    const f = 1 + (o.shade - 1) * ((y - o.y0) / rows);
    const r = Math.min(255, Math.round(o.rgb[0] * f));
    const g = Math.min(255, Math.round(o.rgb[1] * f));
    const b = Math.min(255, Math.round(o.rgb[2] * f));
    for (let x = o.x0; x < o.x1; x++) {
      const p = y * width + x;
      image[p * 3] = r;
      image[p * 3 + 1] = g;
      image[p * 3 + 2] = b;
      mask[p] = 0;
    }
  }
}
