/** The mean over a square window, clipped at the image's edges: the guided filter's one building block. */

/**
 * For each pixel of `plane` ([height, width], row-major), the mean of the pixels within
 * `radius` of it on each axis, over the part of that (2·radius + 1)² window inside the image;
 * with `times`, the mean of plane·times (so a product never needs its own array). Separable
 * running sums in float64, so the cost does not grow with the radius.
 */
export function boxMean(plane: ArrayLike<number>, width: number, height: number, radius: number, times?: ArrayLike<number>): Float32Array {
  // Horizontal pass: running sum along each row, times 1 / the clipped window's width.
  const inverseCounts = new Float64Array(width);
  for (let x = 0; x < width; x++) inverseCounts[x] = 1 / (Math.min(width - 1, x + radius) - Math.max(0, x - radius) + 1);
  const rows = new Float32Array(width * height);
  const product = times === undefined ? undefined : new Float32Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let line: ArrayLike<number> = plane;
    let start = row;
    if (product !== undefined && times !== undefined) {
      // One row of plane·times at a time: the products never need a whole plane.
      for (let x = 0; x < width; x++) product[x] = (plane[row + x] as number) * (times[row + x] as number);
      line = product;
      start = 0;
    }
    let sum = 0;
    for (let x = 0; x < Math.min(radius, width); x++) sum += line[start + x] as number;
    for (let x = 0; x < width; x++) {
      if (x + radius < width) sum += line[start + x + radius] as number;
      if (x - radius - 1 >= 0) sum -= line[start + x - radius - 1] as number;
      rows[row + x] = sum * (inverseCounts[x] as number);
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
    const inverse = 1 / (Math.min(height - 1, y + radius) - Math.max(0, y - radius) + 1);
    for (let x = 0; x < width; x++) out[y * width + x] = (sums[x] as number) * inverse;
  }
  return out;
}
