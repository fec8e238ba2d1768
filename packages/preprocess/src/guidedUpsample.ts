/**
 * Guided upsampling of a mask's probabilities: the model sees the image at its input size (96x96
 * for the CPU preset), so bilinear upsampling to 1918x1280 can only draw a blurred outline, ~20
 * image pixels a model pixel. Filtering the upsampled probabilities with the image itself as the
 * guide (guidedFilter.ts) moves that outline onto the image's own edges. The work is done at
 * GUIDE_SCALE times the model's size, not the image's, so its cost does not grow with the photo.
 */
import { checkSize } from '@maskflow/errors';
import { guidedFilter } from './guidedFilter.js';
import { resample } from './resample.js';
import type { RgbImage } from './resizeImage.js';

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
 * guideSize; the caller resizes the image to it): bilinear upsampling, the guided filter, then
 * clamped to [0, 1]. Resize the result to the image's size bilinearly and threshold it.
 */
export function refineProbabilities(probabilities: ArrayLike<number>, from: [number, number], guide: RgbImage): Float32Array {
  const [inH, inW] = checkSize('from', from);
  const { width, height } = guide;
  const upsampled = resample({ width: inW, height: inH, channels: 1, data: probabilities }, 1, width, height);
  // The radius in guide pixels: GUIDE_RADIUS model pixels on the axis the guide enlarges least.
  const radius = Math.max(1, Math.round(GUIDE_RADIUS * Math.min(height / inH, width / inW)));
  const refined = guidedFilter(guide, upsampled, radius, GUIDE_EPS);
  for (let i = 0; i < refined.length; i++) refined[i] = Math.min(1, Math.max(0, refined[i] as number));
  return refined;
}
