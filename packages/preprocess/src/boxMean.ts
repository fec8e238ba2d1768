/** The mean over a square window, clipped at the image's edges: the guided filter's one building block. */

/**
 * For each pixel of `plane` ([height, width], row-major), the mean of the pixels within
 * `radius` of it on each axis, over the part of that (2·radius + 1)² window inside the image.
 * Separable running sums in float64, so the cost does not grow with the radius.
 */
export function boxMean(plane: ArrayLike<number>, width: number, height: number, radius: number): Float32Array {
  const rows = new Float64Array(width * height);
  // Horizontal pass: running sum along each row, divided by the clipped window's width.
  for (let y = 0; y < height; y++) {
    const at = y * width;
    let sum = 0;
    for (let x = 0; x < Math.min(radius, width); x++) sum += plane[at + x] as number;
    for (let x = 0; x < width; x++) {
      if (x + radius < width) sum += plane[at + x + radius] as number;
      if (x - radius - 1 >= 0) sum -= plane[at + x - radius - 1] as number;
      rows[at + x] = sum / (Math.min(width - 1, x + radius) - Math.max(0, x - radius) + 1);
    }
  }
  // Vertical pass: one running sum per column, rows added and dropped whole (cache friendly).
  const out = new Float32Array(width * height);
  const sums = new Float64Array(width);
  for (let y = 0; y < Math.min(radius, height); y++) for (let x = 0; x < width; x++) sums[x] = (sums[x] as number) + (rows[y * width + x] as number);
  for (let y = 0; y < height; y++) {
    const add = y + radius;
    const drop = y - radius - 1;
    if (add < height) for (let x = 0; x < width; x++) sums[x] = (sums[x] as number) + (rows[add * width + x] as number);
    if (drop >= 0) for (let x = 0; x < width; x++) sums[x] = (sums[x] as number) - (rows[drop * width + x] as number);
    const count = Math.min(height - 1, y + radius) - Math.max(0, y - radius) + 1;
    for (let x = 0; x < width; x++) out[y * width + x] = (sums[x] as number) / count;
  }
  return out;
}
