/** The colour guided filter (He, Sun and Tang, "Guided Image Filtering", TPAMI 2013). */
import { boxMean } from './boxMean.js';
import type { RgbImage } from './resizeImage.js';

/**
 * Filter `input` ([guide.height, guide.width], row-major) with `guide`'s colours: in every
 * (2·radius + 1)² window the output is the best linear function of the guide's R, G and B (ridge
 * regression, `eps` the ridge on colour values in [0, 1]), averaged over the windows covering
 * each pixel. Where the guide has an edge the output follows it; where the guide is flat the
 * output is the input smoothed. Cost O(pixels), whatever the radius.
 */
export function guidedFilter(guide: RgbImage, input: ArrayLike<number>, radius: number, eps: number): Float32Array {
  const { width, height } = guide;
  const n = width * height;
  const mean = (plane: ArrayLike<number>, times?: ArrayLike<number>): Float32Array => boxMean(plane, width, height, radius, times);
  const r = new Float32Array(n);
  const g = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = (guide.data[i * 3] as number) / 255;
    g[i] = (guide.data[i * 3 + 1] as number) / 255;
    b[i] = (guide.data[i * 3 + 2] as number) / 255;
  }
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
  const [mar, mag, mab, mbias] = [mean(ar), mean(ag), mean(ab), mean(bias)];
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (mbias[i] as number) + (mar[i] as number) * (r[i] as number) + (mag[i] as number) * (g[i] as number) + (mab[i] as number) * (b[i] as number);
  return out;
}
