import { checkSize, OptionTypeError } from '@maskflow/errors';
import sharp from 'sharp';
import { DecodeError } from './errors.js';
import { headerSize } from './decode/headerSize.js';
import { sniffFormat } from './decode/sniffFormat.js';
import { isGrey, stretchedImage, wideSamples } from './decode/stretchWide.js';

/** A decoded image or mask: row-major pixels, RGB (3 bytes) for images, 0/1 (1 byte) for masks. */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Options of decodeImage. */
export interface DecodeImageOptions {
  /** Resize to [height, width] (aspect ratio not kept, as tf.image.resize does). */
  size?: [number, number];
}

/** What the pipeline needs besides the pixels: the size of the encoded image. */
export interface DecodedSource extends DecodedImage {
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * Decode and optionally resize with sharp into RGB bytes; a TIFF stack or an animated GIF (more
 * than one page) is refused, an image of 16-bit or float samples stretched to its own range (see stretchWide.ts). JPEG
 * and WebP use shrink-on-load
 * (the decoder downsamples by 2/4/8 while reading), so a 1918x1280 JPEG is never fully
 * decoded when the target is 256x256. `file` names the source in errors.
 */
export async function decodeImageBytes(bytes: Uint8Array, size: [number, number] | undefined, file?: string): Promise<DecodedSource> {
  const format = sniffFormat(bytes);
  if (format === 'unknown') throw new DecodeError(file, 'expected a JPEG, PNG, WebP, GIF or TIFF image but the bytes are none of them');
  try {
    const image = sharp(bytes, { sequentialRead: true });
    const source: { width?: number; height?: number; pages?: number; depth?: string; channels?: number } = headerSize(bytes) ?? (await image.metadata());
    // sharp would read the first page alone: a stack (a microscopy TIFF) must not pass for one picture.
    if (source.pages !== undefined && source.pages > 1) {
      throw new Error(`it holds ${source.pages} pages or frames, and Maskflow reads one picture a file; split it into one file a page`);
    }
    const samples = wideSamples(bytes, format, source.depth);
    const eightBit = samples === undefined ? image : await stretchedImage(bytes, samples, isGrey(bytes, format, source.channels));
    let pipeline = eightBit.removeAlpha().toColourspace('srgb');
    // Bilinear, as tf.image.resize does by default; after shrink-on-load it only spans ~2x.
    if (size !== undefined) pipeline = pipeline.resize({ width: size[1], height: size[0], fit: 'fill', kernel: 'linear' });
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { width: info.width, height: info.height, data, sourceWidth: source.width ?? info.width, sourceHeight: source.height ?? info.height };
  } catch (error) {
    throw new DecodeError(file, (error as Error).message);
  }
}

/** Decode a JPEG, PNG, WebP, GIF or TIFF image (one page) to RGB uint8 (row-major, 3 bytes a pixel), resized to `size` if given. */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<DecodedImage> {
  if (!(bytes instanceof Uint8Array)) throw new OptionTypeError('bytes', 'a Uint8Array or Buffer of an encoded image', bytes);
  const size = options.size === undefined ? undefined : checkSize('size', options.size);
  const { width, height, data } = await decodeImageBytes(bytes, size);
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
