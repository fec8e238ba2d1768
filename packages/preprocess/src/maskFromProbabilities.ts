/** Model probabilities at the model's size → a 0/1 mask at the image's own size. */
import { checkSize, OptionRangeError, OptionTypeError } from '@maskflow/errors';
import { guideSize, refineProbabilities } from './guidedUpsample.js';
import { resample } from './resample.js';
import { checkPixelImage, type PixelImage, resizeImage } from './resizeImage.js';

/** How probabilities are brought to the image's size before thresholding. */
export type MaskResize = 'bilinear' | 'nearest' | 'guided';

/** Options of maskFromProbabilities. */
export interface MaskOptions {
  /** A pixel is in the mask when its probability is strictly above this. Default 0.5. */
  threshold?: number;
  /**
   * Default 'bilinear' (smooth edges); 'nearest' gives blocky edges but no new values; 'guided'
   * snaps the edges to the image's own (guidedUpsample.ts) and needs `image`.
   */
  method?: MaskResize;
  /** The image itself at its own size (`to`): the guide of 'guided'. */
  image?: PixelImage;
}

function checkProbabilities(probabilities: unknown, from: [number, number]): ArrayLike<number> {
  if (!(probabilities instanceof Float32Array) && !(probabilities instanceof Float64Array)) {
    throw new OptionTypeError('probabilities', 'a Float32Array or Float64Array (one value a pixel, row-major)', probabilities);
  }
  if (probabilities.length !== from[0] * from[1]) {
    throw new OptionRangeError('probabilities.length', `from height·width = ${from[0] * from[1]}`, probabilities.length, 'Pass the single-channel output of one image.');
  }
  return probabilities;
}

/**
 * Resize a probability plane from `from` to `to` (both [height, width]). 'bilinear' is the
 * triangle filter of resampleWeights (half-pixel centres, edge clamp; antialiased if shrinking).
 * 'nearest' takes input index min(trunc((i + 0.5) · in / out), in - 1) on each axis. 'guided'
 * resizes `image` (at `to`) to guideSize, refines the probabilities there with it
 * (refineProbabilities), then resizes those bilinearly to `to`.
 */
export function resizeProbabilities(probabilities: Float32Array | Float64Array, from: [number, number], to: [number, number], method: MaskResize = 'bilinear', image?: PixelImage): Float32Array {
  const [inH, inW] = checkSize('from', from);
  const [outH, outW] = checkSize('to', to);
  const data = checkProbabilities(probabilities, [inH, inW]);
  if (method === 'bilinear') return Float32Array.from(resample({ width: inW, height: inH, channels: 1, data }, 1, outW, outH));
  if (method === 'guided') {
    checkPixelImage('image', image);
    const { width, height } = image as PixelImage;
    if (width !== outW || height !== outH) throw new OptionRangeError('image', `an image of the mask's size ${outW}x${outH}`, `${width}x${height}`, "Pass the image the probabilities were predicted for, at its own size.");
    const guide = resizeImage(image as PixelImage, guideSize([inH, inW], [outH, outW]));
    const refined = refineProbabilities(data, [inH, inW], guide);
    return Float32Array.from(resample({ width: guide.width, height: guide.height, channels: 1, data: refined }, 1, outW, outH));
  }
  if (method !== 'nearest') throw new OptionRangeError('method', '"bilinear", "nearest" or "guided"', method);
  const cols = new Int32Array(outW);
  for (let x = 0; x < outW; x++) cols[x] = Math.min(Math.trunc(((x + 0.5) * inW) / outW), inW - 1);
  const out = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    const row = Math.min(Math.trunc(((y + 0.5) * inH) / outH), inH - 1) * inW;
    for (let x = 0; x < outW; x++) out[y * outW + x] = data[row + (cols[x] as number)] as number;
  }
  return out;
}

/** 1 where the probability is strictly above `threshold`, else 0. */
export function thresholdMask(probabilities: ArrayLike<number>, threshold = 0.5): Uint8Array {
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw new OptionRangeError('threshold', 'a number in [0, 1]', threshold);
  const out = new Uint8Array(probabilities.length);
  for (let i = 0; i < out.length; i++) out[i] = (probabilities[i] as number) > threshold ? 1 : 0;
  return out;
}

/**
 * The 0/1 mask (row-major, one byte a pixel) at `to` = the image's [height, width], from the
 * model's probabilities at `from` = the model's [height, width]: resize (with `options.image`
 * as the guide when `options.method` is 'guided'), then threshold.
 */
export function maskFromProbabilities(probabilities: Float32Array | Float64Array, from: [number, number], to: [number, number], options: MaskOptions = {}): Uint8Array {
  const threshold = options.threshold ?? 0.5;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw new OptionRangeError('threshold', 'a number in [0, 1]', threshold);
  return thresholdMask(resizeProbabilities(probabilities, from, to, options.method ?? 'bilinear', options.image), threshold);
}
