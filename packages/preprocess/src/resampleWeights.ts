/**
 * Per-axis coefficients of the triangle (bilinear) filter, the way Pillow's resampler computes
 * them: https://github.com/python-pillow/Pillow/blob/main/src/libImaging/Resample.c
 * (`precompute_coeffs`, BILINEAR).
 */

/** For every output index: the first input index it reads, how many, and their weights. */
export interface AxisWeights {
  /** First input index read by output i. */
  start: Int32Array;
  /** Number of input indices read by output i (its weights are at i * taps). */
  count: Int32Array;
  /** Normalised weights, `taps` slots per output index. */
  weights: Float64Array;
  taps: number;
}

/** The triangle filter: 1 - |x| inside [-1, 1], 0 outside. */
function triangle(x: number): number {
  const a = x < 0 ? -x : x;
  return a < 1 ? 1 - a : 0;
}

/**
 * Weights to resample an axis of `inSize` samples to `outSize` samples. Output sample i is centred
 * at (i + 0.5) * inSize / outSize in input coordinates (half-pixel centres). When shrinking, the
 * filter is stretched by the scale (support = scale), so every input sample contributes: an
 * antialiased area-like average. When enlarging, support is 1: plain bilinear interpolation of the
 * two nearest samples. Weights that would fall outside the axis are dropped and the rest
 * renormalised, which equals clamping to the edge sample when enlarging.
 */
export function resampleWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * taps);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const last = Math.min(Math.trunc(center + support + 0.5), inSize);
    let total = 0;
    const base = i * taps;
    for (let x = first; x < last; x++) {
      const w = triangle((x - center + 0.5) / filterScale);
      weights[base + x - first] = w;
      total += w;
    }
    for (let k = 0; k < last - first; k++) weights[base + k] = (weights[base + k] as number) / total;
    start[i] = first;
    count[i] = last - first;
  }
  return { start, count, weights, taps };
}
