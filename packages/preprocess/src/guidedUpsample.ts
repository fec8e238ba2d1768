/**
 * Guided upsampling of a mask's probabilities: the model sees the image at its input size (96x96
 * for the CPU preset), so bilinear upsampling to 1918x1280 can only draw a blurred outline, ~20
 * image pixels a model pixel. Filtering the upsampled probabilities with the image itself as the
 * guide (guidedFilter.ts) moves that outline onto the image's own edges. The work is done at
 * GUIDE_SCALE times the model's size, not the image's, so its cost does not grow with the photo.
 */
import { checkSize, OptionRangeError } from '@maskflow/errors';
import { colourPlanes, guidedCoefficients } from './guidedFilter.js';
import { resample } from './resample.js';
import { checkPixelImage, type RgbImage } from './resizeImage.js';

/** The guide's size, per axis, in multiples of the model's input (capped at the image's own size). */
export const GUIDE_SCALE = 4;
/** The filter's radius in model pixels: the width of the blur bilinear upsampling leaves. */
export const GUIDE_RADIUS = 2.5;
/** The ridge on colour variance (colours in [0, 1]): edges fainter than ~0.01 are smoothed over. */
export const GUIDE_EPS = 1e-4;

/** The [height, width] the guide image is resized to for a model input `from` and an image of size `to`. */
export function guideSize(from: [number, number], to: [number, number]): [number, number] {
  const [inH, inW] = checkSize('from', from);
  const [outH, outW] = checkSize('to', to);
  return [Math.min(outH, inH * GUIDE_SCALE), Math.min(outW, inW * GUIDE_SCALE)];
}

/**
 * Probabilities at the model's size `from` → refined probabilities at `guide`'s size (see
 * guideSize; the caller resizes the image to it), clamped to [0, 1]; resize them to the image's
 * size bilinearly and threshold. The fast guided filter (He and Sun, 2015): the filter's linear
 * coefficients are fitted at half the guide's size (the probabilities enlarged bilinearly, the
 * guide shrunk), enlarged bilinearly to the guide's size and applied to the guide there, so the
 * outline is placed at the guide's resolution for a quarter of the fitting work.
 */
export function refineProbabilities(probabilities: ArrayLike<number>, from: [number, number], guide: RgbImage): Float32Array {
  const [inH, inW] = checkSize('from', from);
  if (checkPixelImage('guide', guide) !== 3) throw new OptionRangeError('guide.data.length', 'width·height·3 (RGB bytes)', guide.data.length);
  if (probabilities?.length !== inH * inW) throw new OptionRangeError('probabilities.length', `from height·width = ${inH * inW}`, probabilities?.length, 'Pass the single-channel output of one image.');
  const { width, height } = guide;
  const [lowH, lowW] = [Math.max(1, Math.round(height / 2)), Math.max(1, Math.round(width / 2))];
  const coarse = resample({ width: inW, height: inH, channels: 1, data: probabilities }, 1, lowW, lowH);
  const low = colourPlanes(lowW, lowH, resample({ width, height, channels: 3, data: guide.data }, 3, lowW, lowH));
  // The radius at the fitting size: GUIDE_RADIUS model pixels on the axis enlarged least.
  const radius = Math.max(1, Math.round(GUIDE_RADIUS * Math.min(lowH / inH, lowW / inW)));
  const { ar, ag, ab, bias } = guidedCoefficients(low, coarse, radius, GUIDE_EPS);
  // Enlarge the four coefficient planes in one interleaved pass, then apply them to the guide.
  const packed = new Float32Array(lowW * lowH * 4);
  for (let i = 0; i < lowW * lowH; i++) {
    packed[i * 4] = ar[i] as number;
    packed[i * 4 + 1] = ag[i] as number;
    packed[i * 4 + 2] = ab[i] as number;
    packed[i * 4 + 3] = bias[i] as number;
  }
  const k = resample({ width: lowW, height: lowH, channels: 4, data: packed }, 4, width, height);
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const q = (k[i * 4] as number) * ((guide.data[i * 3] as number) / 255) + (k[i * 4 + 1] as number) * ((guide.data[i * 3 + 1] as number) / 255) + (k[i * 4 + 2] as number) * ((guide.data[i * 3 + 2] as number) / 255) + (k[i * 4 + 3] as number);
    out[i] = Math.min(1, Math.max(0, q));
  }
  return out;
}
