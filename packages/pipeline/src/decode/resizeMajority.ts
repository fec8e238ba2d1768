/**
 * Mask resizing by majority vote: an output pixel is 1 when at least half of the source pixels
 * it covers are. Images are shrunk by averaging (sharp's linear kernel), so a pixel on a car's
 * outline shows how much of it the car covers; a label sampled at one point of that area
 * (nearest-neighbour) is then partly chance, and a model can only hedge on it. The majority
 * label is what the averaged pixel shows.
 */

/** Runs of a row-major 0/1 mask, 0-based starts with their lengths, ascending (as parseRle returns). */
export interface MaskRuns {
  starts: Uint32Array;
  lengths: Uint32Array;
}

/** Source pixel whose centre is nearest each of `dst` output pixels' centres (used when growing). */
export function nearestMap(src: number, dst: number): Int32Array {
  const map = new Int32Array(dst);
  const scale = src / dst;
  for (let i = 0; i < dst; i++) map[i] = Math.min(src - 1, Math.floor((i + 0.5) * scale));
  return map;
}

/**
 * [start, end) of the source pixels under each of `dst` output pixels, as pairs: the pixels whose
 * left edges fall in the output pixel's span when shrinking, the nearest pixel when growing.
 */
export function blockMap(src: number, dst: number): Int32Array {
  const blocks = new Int32Array(2 * dst);
  if (dst >= src) {
    const near = nearestMap(src, dst);
    for (let i = 0; i < dst; i++) {
      blocks[2 * i] = near[i] as number;
      blocks[2 * i + 1] = (near[i] as number) + 1;
    }
    return blocks;
  }
  for (let i = 0; i < dst; i++) {
    blocks[2 * i] = Math.floor((i * src) / dst);
    blocks[2 * i + 1] = Math.floor(((i + 1) * src) / dst);
  }
  return blocks;
}

/** Threshold one output row: `count[sx]` is how many of the block's source rows are 1 at column sx. */
function voteRow(count: Uint32Array, rows: number, xb: Int32Array, out: Uint8Array, offset: number, dstW: number): void {
  for (let x = 0; x < dstW; x++) {
    const x0 = xb[2 * x] as number;
    const x1 = xb[2 * x + 1] as number;
    let on = 0;
    for (let sx = x0; sx < x1; sx++) on += count[sx] as number;
    out[offset + x] = 2 * on >= rows * (x1 - x0) ? 1 : 0;
  }
}

/**
 * Resize a one-channel mask by majority vote into `out` (dstW*dstH, 0/1), mapping every source
 * value through `lut` first (e.g. palette index → 0/1). A tie counts as 1.
 */
export function resizeMaskMajority(
  src: Uint8Array,
  srcW: number,
  srcH: number,
  out: Uint8Array,
  dstW: number,
  dstH: number,
  lut: Uint8Array,
): void {
  const xb = blockMap(srcW, dstW);
  const yb = blockMap(srcH, dstH);
  const count = new Uint32Array(srcW);
  for (let y = 0; y < dstH; y++) {
    const y0 = yb[2 * y] as number;
    const y1 = yb[2 * y + 1] as number;
    count.fill(0);
    for (let sy = y0; sy < y1; sy++) {
      const row = sy * srcW;
      for (let sx = 0; sx < srcW; sx++) count[sx] = (count[sx] as number) + (lut[src[row + sx] as number] as number);
    }
    voteRow(count, y1 - y0, xb, out, y * dstW, dstW);
  }
}

/**
 * Resize a run-length mask of srcW x srcH by majority vote into `out` (dstW*dstH, 0/1) without
 * materialising the full-size mask: each output row adds its source rows' runs as +1/-1 edges
 * over the columns, then one running sum gives every column's count.
 */
export function resizeRunsMajority(runs: MaskRuns, srcW: number, srcH: number, out: Uint8Array, dstW: number, dstH: number): void {
  const xb = blockMap(srcW, dstW);
  const yb = blockMap(srcH, dstH);
  const { starts, lengths } = runs;
  const edges = new Int32Array(srcW + 1);
  const count = new Uint32Array(srcW);
  let r = 0;
  for (let y = 0; y < dstH; y++) {
    const y0 = yb[2 * y] as number;
    const y1 = yb[2 * y + 1] as number;
    edges.fill(0);
    for (let sy = y0; sy < y1; sy++) {
      const rowStart = sy * srcW;
      const rowEnd = rowStart + srcW;
      // Runs are ascending and source rows never go back, so r only moves forward; a run that
      // crosses into the next row stays current for it.
      while (r < starts.length && (starts[r] as number) + (lengths[r] as number) <= rowStart) r++;
      for (let k = r; k < starts.length && (starts[k] as number) < rowEnd; k++) {
        const s = Math.max(starts[k] as number, rowStart) - rowStart;
        edges[s] = (edges[s] as number) + 1;
        const e = Math.min((starts[k] as number) + (lengths[k] as number), rowEnd) - rowStart;
        edges[e] = (edges[e] as number) - 1;
      }
    }
    let running = 0;
    for (let sx = 0; sx < srcW; sx++) {
      running += edges[sx] as number;
      count[sx] = running;
    }
    voteRow(count, y1 - y0, xb, out, y * dstW, dstW);
  }
}
