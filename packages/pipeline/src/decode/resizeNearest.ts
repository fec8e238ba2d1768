/**
 * Source coordinate sampled by each of `dst` output pixels when `src` pixels are resized
 * nearest-neighbour: the pixel whose centre is nearest the output pixel's centre.
 */
export function nearestMap(src: number, dst: number): Int32Array {
  const map = new Int32Array(dst);
  const scale = src / dst;
  for (let i = 0; i < dst; i++) map[i] = Math.min(src - 1, Math.floor((i + 0.5) * scale));
  return map;
}

/**
 * Resize a one-channel image nearest-neighbour into `out` (dstW*dstH), mapping every sampled
 * value through `lut` (e.g. palette index → 0/1). Used for masks, so labels never blend.
 */
export function resizeMaskNearest(
  src: Uint8Array,
  srcW: number,
  srcH: number,
  out: Uint8Array,
  dstW: number,
  dstH: number,
  lut: Uint8Array,
): void {
  const xs = nearestMap(srcW, dstW);
  const ys = nearestMap(srcH, dstH);
  for (let y = 0; y < dstH; y++) {
    const row = (ys[y] as number) * srcW;
    const o = y * dstW;
    for (let x = 0; x < dstW; x++) out[o + x] = lut[src[row + (xs[x] as number)] as number] as number;
  }
}

/** Runs of a row-major 0/1 mask, 0-based starts with their lengths, ascending (as parseRle returns). */
export interface MaskRuns {
  starts: Uint32Array;
  lengths: Uint32Array;
}

/**
 * Resize a run-length mask of srcW x srcH nearest-neighbour into `out` (dstW*dstH, 0/1)
 * without materialising the full-size mask: only the sampled rows are visited.
 */
export function resizeRunsNearest(runs: MaskRuns, srcW: number, srcH: number, out: Uint8Array, dstW: number, dstH: number): void {
  const xs = nearestMap(srcW, dstW);
  const ys = nearestMap(srcH, dstH);
  const { starts, lengths } = runs;
  const row = new Uint8Array(srcW);
  let r = 0;
  out.fill(0, 0, dstW * dstH);
  for (let y = 0; y < dstH; y++) {
    const sy = ys[y] as number;
    const rowStart = sy * srcW;
    const rowEnd = rowStart + srcW;
    // Runs are ascending; rows sampled are non-decreasing, so r only moves forward.
    while (r < starts.length && (starts[r] as number) + (lengths[r] as number) <= rowStart) r++;
    row.fill(0);
    let any = false;
    for (let k = r; k < starts.length && (starts[k] as number) < rowEnd; k++) {
      const s = Math.max(starts[k] as number, rowStart) - rowStart;
      const e = Math.min((starts[k] as number) + (lengths[k] as number), rowEnd) - rowStart;
      row.fill(1, s, e);
      any = true;
    }
    if (!any) continue;
    const o = y * dstW;
    for (let x = 0; x < dstW; x++) out[o + x] = row[xs[x] as number] as number;
  }
}
