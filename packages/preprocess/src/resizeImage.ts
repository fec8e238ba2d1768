/** Resize RGB or RGBA pixels (ImageData fits) to RGB bytes at a given [height, width]. */
import { checkInteger, checkSize, MAX_SIDE, OptionRangeError, OptionTypeError } from '@maskflow/errors';
import { resample } from './resample.js';

/** Decoded pixels: 3 (RGB) or 4 (RGBA) bytes a pixel, row-major. A browser ImageData is one. */
export interface PixelImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
  /** 3 or 4; inferred from data.length when omitted. */
  channels?: 3 | 4;
}

/** RGB bytes, 3 a pixel, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Check an image where users pass it in; returns its channel count (3 or 4). */
export function checkPixelImage(option: string, image: unknown): 3 | 4 {
  if (typeof image !== 'object' || image === null) throw new OptionTypeError(option, 'an image { width, height, data }', image);
  const { width, height, data, channels } = image as PixelImage;
  checkInteger(`${option}.width`, width, 1, MAX_SIDE);
  checkInteger(`${option}.height`, height, 1, MAX_SIDE);
  if (!(data instanceof Uint8Array) && !(data instanceof Uint8ClampedArray)) {
    throw new OptionTypeError(`${option}.data`, 'a Uint8Array or Uint8ClampedArray of RGB or RGBA bytes', data);
  }
  const pixels = width * height;
  const inferred = channels ?? data.length / pixels;
  if ((inferred !== 3 && inferred !== 4) || data.length !== pixels * inferred) {
    throw new OptionRangeError(
      `${option}.data.length`,
      `width·height·3 = ${pixels * 3} (RGB) or width·height·4 = ${pixels * 4} (RGBA)${channels === undefined ? '' : ` with channels = ${channels}`}`,
      data.length,
      'Pass decoded pixels, not the encoded file.',
    );
  }
  return inferred;
}

/**
 * Resize `image` to `size` = [height, width] with the triangle filter (bilinear when enlarging,
 * antialiased when shrinking; see resampleWeights), dropping any alpha channel as the training
 * pipeline does (sharp's removeAlpha), and round each sample to the nearest byte (halves up).
 */
export function resizeImage(image: PixelImage, size: [number, number]): RgbImage {
  const channels = checkPixelImage('image', image);
  const [height, width] = checkSize('size', size);
  const samples = resample({ width: image.width, height: image.height, channels, data: image.data }, 3, width, height);
  const data = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i] as number);
    data[i] = Math.min(255, Math.max(0, v));
  }
  return { width, height, data };
}
