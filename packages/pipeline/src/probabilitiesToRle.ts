/**
 * Model probabilities → the Kaggle RLE of the thresholded mask at the image's size, in one pass
 * over the output rows. Bit for bit what `rleEncode(maskFromProbabilities(...))` of
 * @maskflow/datasets and @maskflow/preprocess gives (same resampleWeights, same float64 sums in
 * the same order, the same float32 rounding before `> threshold`), without allocating the
 * full-size float64 and float32 planes and the mask they build: at 1918x1280 those are ~32 MB per
 * image, and their page faults cost more than the arithmetic.
 */
import { resampleWeights } from '@maskflow/preprocess';

/** The RLE, the number of mask pixels, and the 0/1 mask itself when `keepMask` (for a PNG). */
export interface MaskRle {
  rle: string;
  foreground: number;
  mask: Uint8Array | undefined;
}

/** Resize `probabilities` ([inH, inW], row-major) bilinearly to [outH, outW], threshold (> threshold) and run-length encode. */
export function probabilitiesToRle(probabilities: ArrayLike<number>, from: [number, number], to: [number, number], threshold: number, keepMask: boolean): MaskRle {
  const [inH, inW] = from;
  const [outH, outW] = to;
  const h = resampleWeights(inW, outW);
  // Horizontal pass, as resample() does it: one float64 row of outW per input row.
  const tmp = new Float64Array(inH * outW);
  for (let y = 0; y < inH; y++) {
    const row = y * inW;
    for (let x = 0; x < outW; x++) {
      const first = h.start[x] as number;
      const n = h.count[x] as number;
      const base = x * h.taps;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (h.weights[base + k] as number) * (probabilities[row + first + k] as number);
      tmp[y * outW + x] = sum;
    }
  }
  const v = resampleWeights(inH, outH);
  const line = new Float64Array(outW);
  const mask = keepMask ? new Uint8Array(outH * outW) : undefined;
  const parts: string[] = [];
  let runStart = -1;
  let foreground = 0;
  for (let y = 0; y < outH; y++) {
    const first = v.start[y] as number;
    const n = v.count[y] as number;
    const base = y * v.taps;
    // Enlarging reads one or two input rows: sum them inline, in resample()'s order
    // ((0 + w0*a) + w1*b, and 0 + w0*a equals w0*a); more taps (shrinking) go through `line`.
    const w0 = v.weights[base] as number;
    const w1 = n > 1 ? (v.weights[base + 1] as number) : 0;
    const r0 = first * outW;
    const r1 = (first + 1) * outW;
    if (n > 2) {
      line.fill(0);
      for (let k = 0; k < n; k++) {
        const w = v.weights[base + k] as number;
        const inRow = (first + k) * outW;
        for (let x = 0; x < outW; x++) line[x] = (line[x] as number) + w * (tmp[inRow + x] as number);
      }
    }
    const offset = y * outW;
    for (let x = 0; x < outW; x++) {
      const value = n > 2 ? (line[x] as number) : n === 2 ? w0 * (tmp[r0 + x] as number) + w1 * (tmp[r1 + x] as number) : w0 * (tmp[r0 + x] as number);
      const on = Math.fround(value) > threshold;
      if (on) {
        foreground++;
        if (mask !== undefined) mask[offset + x] = 1;
        if (runStart === -1) runStart = offset + x;
      } else if (runStart !== -1) {
        parts.push(`${runStart + 1} ${offset + x - runStart}`);
        runStart = -1;
      }
    }
  }
  if (runStart !== -1) parts.push(`${runStart + 1} ${outH * outW - runStart}`);
  return { rle: parts.join(' '), foreground, mask };
}
