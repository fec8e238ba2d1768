/** Separable two-pass resampling of interleaved pixels with the triangle filter of resampleWeights. */
import { resampleWeights } from './resampleWeights.js';

/** Interleaved samples of a width x height plane with `channels` values a pixel (row-major). */
export interface Plane {
  width: number;
  height: number;
  channels: number;
  data: ArrayLike<number>;
}

/**
 * Resample the first `keep` channels of `src` to outWidth x outHeight. The horizontal pass runs
 * first, then the vertical one; both accumulate in float64 and nothing is rounded in between, so
 * the result depends only on IEEE double arithmetic: Node and every browser compute the same bits.
 * Returns float64 samples, `keep` a pixel, row-major.
 */
export function resample(src: Plane, keep: number, outWidth: number, outHeight: number): Float64Array {
  const { width, height, channels, data } = src;
  const h = resampleWeights(width, outWidth);
  const tmp = new Float64Array(height * outWidth * keep);
  for (let y = 0; y < height; y++) {
    const row = y * width * channels;
    const outRow = y * outWidth * keep;
    for (let x = 0; x < outWidth; x++) {
      const first = h.start[x] as number;
      const n = h.count[x] as number;
      const wBase = x * h.taps;
      for (let c = 0; c < keep; c++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += (h.weights[wBase + k] as number) * (data[row + (first + k) * channels + c] as number);
        tmp[outRow + x * keep + c] = sum;
      }
    }
  }
  const v = resampleWeights(height, outHeight);
  const out = new Float64Array(outHeight * outWidth * keep);
  const rowLength = outWidth * keep;
  for (let y = 0; y < outHeight; y++) {
    const first = v.start[y] as number;
    const n = v.count[y] as number;
    const wBase = y * v.taps;
    const outRow = y * rowLength;
    for (let k = 0; k < n; k++) {
      const w = v.weights[wBase + k] as number;
      const inRow = (first + k) * rowLength;
      for (let i = 0; i < rowLength; i++) out[outRow + i] = (out[outRow + i] as number) + w * (tmp[inRow + i] as number);
    }
  }
  return out;
}
