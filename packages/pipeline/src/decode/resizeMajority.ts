/**
 * Mask resizing by majority vote: an output pixel is 1 when at least half of the source pixels
 * it covers are. Images are shrunk by averaging (sharp's linear kernel), so a pixel on a car's
 * outline shows how much of it the car covers; a label sampled at one point of that area
 * (nearest-neighbour) is then partly chance, and a model can only hedge on it. The majority
 * label is what the averaged pixel shows.
 */
import type { RleRuns } from '@maskflow/datasets';

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

/**
 * Threshold one output row. `edges` holds, per source column, +1 where a run of 1s of one of the
 * block's `rows` source rows starts and -1 past where it ends; a running sum gives each column's
 * count of 1s (written to `count`), and each output pixel is 1 when its columns' counts reach half
 * its area.
 */
function voteRow(edges: Int32Array, count: Int32Array, rows: number, xb: Int32Array, out: Uint8Array, offset: number, dstW: number): void {
  let running = 0;
  for (let sx = 0; sx < count.length; sx++) {
    running += edges[sx] as number;
    count[sx] = running;
  }
  for (let x = 0; x < dstW; x++) {
    const x0 = xb[2 * x] as number;
    const x1 = xb[2 * x + 1] as number;
    let on = 0;
    for (let sx = x0; sx < x1; sx++) on += count[sx] as number;
    out[offset + x] = 2 * on >= rows * (x1 - x0) ? 1 : 0;
  }
}

/** Scan state of one source row: the last value seen and its label. */
interface RowScan {
  value: number;
  on: number;
}

/** Scan bytes [from, to) of the row starting at `start`, adding label changes to `edges`. */
function scanBytes(src: Uint8Array, start: number, from: number, to: number, lut: Uint8Array, edges: Int32Array, scan: RowScan): void {
  for (let x = from; x < to; x++) {
    const v = src[start + x] as number;
    if (v === scan.value) continue;
    scan.value = v;
    const on = lut[v] as number;
    if (on === scan.on) continue;
    edges[x] = (edges[x] as number) + on - scan.on;
    scan.on = on;
  }
}

/**
 * Add one source row's runs of 1s (its values through `lut`) to `edges`. Masks are long runs of
 * one value, so aligned 4-byte words equal to four copies of the last value are skipped whole:
 * a full-size Carvana mask is 2.5 M pixels, and a byte at a time cost 5 ns each here.
 */
function addRowEdges(src: Uint8Array, words: Uint32Array, start: number, width: number, lut: Uint8Array, edges: Int32Array, scan: RowScan): void {
  scan.value = src[start] as number;
  scan.on = lut[scan.value] as number;
  edges[0] = (edges[0] as number) + scan.on;
  const address = src.byteOffset + start;
  // The first column after the first whose byte starts a 4-byte word.
  const head = Math.min(width, 1 + ((4 - ((address + 1) & 3)) & 3));
  scanBytes(src, start, 1, head, lut, edges, scan);
  let x = head;
  const wordsEnd = x + (((width - x) >> 2) << 2);
  // Four copies of a byte value v read as v * 0x01010101 in either byte order.
  let same = scan.value * 0x01010101;
  for (let w = (address + x) >> 2; x < wordsEnd; x += 4, w++) {
    if (words[w] === same) continue;
    scanBytes(src, start, x, x + 4, lut, edges, scan);
    same = scan.value * 0x01010101;
  }
  scanBytes(src, start, x, width, lut, edges, scan);
  edges[width] = (edges[width] as number) - scan.on;
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
  const edges = new Int32Array(srcW + 1);
  const count = new Int32Array(srcW);
  const words = new Uint32Array(src.buffer, 0, src.buffer.byteLength >> 2);
  const scan: RowScan = { value: 0, on: 0 };
  for (let y = 0; y < dstH; y++) {
    const y0 = yb[2 * y] as number;
    const y1 = yb[2 * y + 1] as number;
    edges.fill(0);
    for (let sy = y0; sy < y1; sy++) addRowEdges(src, words, sy * srcW, srcW, lut, edges, scan);
    voteRow(edges, count, y1 - y0, xb, out, y * dstW, dstW);
  }
}

/**
 * Resize a run-length mask of srcW x srcH by majority vote into `out` (dstW*dstH, 0/1) without
 * materialising the full-size mask: each output row adds its source rows' runs as +1/-1 edges.
 */
export function resizeRunsMajority(runs: RleRuns, srcW: number, srcH: number, out: Uint8Array, dstW: number, dstH: number): void {
  const xb = blockMap(srcW, dstW);
  const yb = blockMap(srcH, dstH);
  const { starts, lengths } = runs;
  const edges = new Int32Array(srcW + 1);
  const count = new Int32Array(srcW);
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
    voteRow(edges, count, y1 - y0, xb, out, y * dstW, dstW);
  }
}
