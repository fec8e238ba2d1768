/** The colour guided filter (He, Sun and Tang, "Guided Image Filtering", TPAMI 2013). */
import { boxMean } from './boxMean.js';

/** An image's colours as three planes in [0, 1], row-major. */
export interface ColourPlanes {
  width: number;
  height: number;
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
}

/** Split interleaved RGB samples (0-255, e.g. an RgbImage's bytes) into planes in [0, 1]. */
export function colourPlanes(width: number, height: number, rgb: ArrayLike<number>): ColourPlanes {
  const n = width * height;
  const [r, g, b] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let i = 0; i < n; i++) {
    r[i] = (rgb[i * 3] as number) / 255;
    g[i] = (rgb[i * 3 + 1] as number) / 255;
    b[i] = (rgb[i * 3 + 2] as number) / 255;
  }
  return { width, height, r, g, b };
}

/** The filter's linear model per pixel, averaged over the windows covering it: output = ar·R + ag·G + ab·B + bias. */
export interface GuidedCoefficients {
  ar: Float32Array;
  ag: Float32Array;
  ab: Float32Array;
  bias: Float32Array;
}

/**
 * The guided filter's coefficients for `input` ([height, width] of `guide`): in every
 * (2·radius + 1)² window the best linear function of the guide's R, G and B (ridge regression,
 * `eps` the ridge on colour values in [0, 1]), averaged over the windows covering each pixel.
 * Cost O(pixels), whatever the radius.
 */
export function guidedCoefficients(guide: ColourPlanes, input: ArrayLike<number>, radius: number, eps: number): GuidedCoefficients {
  const { width, height, r, g, b } = guide;
  const n = width * height;
  const mean = (plane: ArrayLike<number>, times?: ArrayLike<number>): Float32Array => boxMean(plane, width, height, radius, times);
  const [mr, mg, mb, mp] = [mean(r), mean(g), mean(b), mean(input)];
  const [mrp, mgp, mbp] = [mean(r, input), mean(g, input), mean(b, input)];
  const [mrr, mrg, mrb, mgg, mgb, mbb] = [mean(r, r), mean(r, g), mean(r, b), mean(g, g), mean(g, b), mean(b, b)];
  // Per window: a = (Σ + eps·I)⁻¹ · cov(I, p) by the adjugate of the symmetric 3x3, b = p̄ - a·Ī.
  const ar = new Float32Array(n);
  const ag = new Float32Array(n);
  const ab = new Float32Array(n);
  const bias = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const ur = mr[i] as number;
    const ug = mg[i] as number;
    const ub = mb[i] as number;
    const up = mp[i] as number;
    const s00 = (mrr[i] as number) - ur * ur + eps;
    const s01 = (mrg[i] as number) - ur * ug;
    const s02 = (mrb[i] as number) - ur * ub;
    const s11 = (mgg[i] as number) - ug * ug + eps;
    const s12 = (mgb[i] as number) - ug * ub;
    const s22 = (mbb[i] as number) - ub * ub + eps;
    const c0 = (mrp[i] as number) - ur * up;
    const c1 = (mgp[i] as number) - ug * up;
    const c2 = (mbp[i] as number) - ub * up;
    const i00 = s11 * s22 - s12 * s12;
    const i01 = s02 * s12 - s01 * s22;
    const i02 = s01 * s12 - s02 * s11;
    const i11 = s00 * s22 - s02 * s02;
    const i12 = s02 * s01 - s00 * s12;
    const i22 = s00 * s11 - s01 * s01;
    const det = s00 * i00 + s01 * i01 + s02 * i02;
    const a0 = (c0 * i00 + c1 * i01 + c2 * i02) / det;
    const a1 = (c0 * i01 + c1 * i11 + c2 * i12) / det;
    const a2 = (c0 * i02 + c1 * i12 + c2 * i22) / det;
    ar[i] = a0;
    ag[i] = a1;
    ab[i] = a2;
    bias[i] = up - a0 * ur - a1 * ug - a2 * ub;
  }
  return { ar: mean(ar), ag: mean(ag), ab: mean(ab), bias: mean(bias) };
}

/**
 * Filter `input` ([guide.height, guide.width], row-major) with `guide`'s colours (0-255
 * interleaved RGB): guidedCoefficients applied to the guide itself. Where the guide has an edge
 * the output follows it; where the guide is flat the output is the input smoothed.
 */
export function guidedFilter(guide: { width: number; height: number; data: ArrayLike<number> }, input: ArrayLike<number>, radius: number, eps: number): Float32Array {
  const planes = colourPlanes(guide.width, guide.height, guide.data);
  const { ar, ag, ab, bias } = guidedCoefficients(planes, input, radius, eps);
  const out = new Float32Array(guide.width * guide.height);
  for (let i = 0; i < out.length; i++) out[i] = (bias[i] as number) + (ar[i] as number) * (planes.r[i] as number) + (ag[i] as number) * (planes.g[i] as number) + (ab[i] as number) * (planes.b[i] as number);
  return out;
}
