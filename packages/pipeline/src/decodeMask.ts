import { checkInteger, checkSize, OptionTypeError } from '@maskflow/errors';
import { parseRle } from '@maskflow/datasets';
import type { DecodedImage } from './decodeImage.js';
import { DecodeError } from './errors.js';
import { checkForeground, colourKeys, foregroundLut, namesColours, type Foreground } from './decode/foreground.js';
import { decodeGifFrame } from './decode/gifFrame.js';
import { decodeRasterMask } from './decode/rasterMask.js';
import { resizeMaskMajority, resizeRunsMajority } from './decode/resizeMajority.js';
import { isLossyWebp, sniffFormat } from './decode/sniffFormat.js';

/** A Carvana run-length mask and the size of the image it belongs to. */
export interface RleMask {
  rle: string;
  width: number;
  height: number;
}

/** Options of decodeMask. */
export interface DecodeMaskOptions {
  /** Resize to [height, width] by majority vote (an output pixel is 1 when at least half its area is). */
  size?: [number, number];
  /** The mask values or `#rrggbb` colours that are the object (a label map's classes; see decode/foreground.ts); default: any non-zero value. Not used for RLE. */
  foreground?: Foreground;
}

/** The size of a mask before resizing, learnt while decoding it. */
export interface MaskShape {
  width: number;
  height: number;
}

/**
 * Decode a mask into `out` as 0/1 at `dst` = [height, width] (majority vote), or at its own
 * size when `dst` is undefined (then `out` must be sized after the call: it is resized through
 * the returned shape, see decodeMask). GIF: first frame via gifuct-js's parser and the typed
 * LZW decoder, a palette colour with any channel non-zero → 1 (with `foreground`, a listed index).
 * PNG, WebP, JPEG, TIFF: see decodeRasterMask (the alpha when transparent, else the largest
 * colour channel, or with `foreground` the listed values).
 * RLE: parsed by @maskflow/datasets, resized straight from the runs.
 */
export async function decodeMaskInto(
  input: Uint8Array | RleMask,
  dst: [number, number] | undefined,
  out: (shape: MaskShape) => Uint8Array,
  file?: string,
  foreground?: Foreground,
): Promise<MaskShape> {
  if (!(input instanceof Uint8Array)) {
    let runs: ReturnType<typeof parseRle>;
    try {
      runs = parseRle(input.rle, input.width, input.height);
    } catch (error) {
      throw new DecodeError(file, `bad RLE mask: ${(error as Error).message}`);
    }
    const [h, w] = dst ?? [input.height, input.width];
    resizeRunsMajority(runs, input.width, input.height, out({ width: w, height: h }), w, h);
    return { width: w, height: h };
  }
  const format = sniffFormat(input);
  let src: Uint8Array;
  let width: number;
  let height: number;
  let lut: Uint8Array;
  if (format === 'gif') {
    const frame = decodeGifFrame(input, file);
    ({ indices: src, width, height, lut } = frame);
    // With listed values a GIF's palette indices are the classes, whatever their colours; listed
    // colours are looked up in its palette.
    if (foreground !== undefined && namesColours(foreground)) {
      const keys = colourKeys(foreground);
      lut = Uint8Array.from({ length: 256 }, (_, i) => (i < frame.colours.length && keys.has(frame.colours[i] as number) ? 1 : 0));
    } else if (foreground !== undefined) lut = foregroundLut(foreground);
  } else if (format !== 'unknown') {
    ({ src, width, height, lut } = await decodeRasterMask(input, format === 'jpeg' || (format === 'webp' && isLossyWebp(input)), file, foreground));
  } else {
    throw new DecodeError(file, 'expected a GIF, PNG, JPEG, WebP or TIFF mask but the bytes are none of them');
  }
  const [h, w] = dst ?? [height, width];
  resizeMaskMajority(src, width, height, out({ width: w, height: h }), w, h, lut);
  return { width: w, height: h };
}

/**
 * Decode a mask to row-major 0/1 bytes: GIF/PNG/JPEG/WebP/TIFF bytes, or `{ rle, width, height }`
 * for a Carvana csv mask. With `size` it is resized to [height, width] by majority vote.
 */
export async function decodeMask(input: Uint8Array | RleMask, options: DecodeMaskOptions = {}): Promise<DecodedImage> {
  if (!(input instanceof Uint8Array)) {
    if (typeof input !== 'object' || input === null || typeof input.rle !== 'string') {
      throw new OptionTypeError('input', 'mask bytes (Uint8Array) or { rle: string, width, height }', input);
    }
    checkInteger('input.width', input.width, 1);
    checkInteger('input.height', input.height, 1);
  }
  const size = options.size === undefined ? undefined : checkSize('size', options.size);
  const foreground = checkForeground('foreground', options.foreground);
  let data = new Uint8Array(0);
  const shape = await decodeMaskInto(input, size, ({ width, height }) => (data = new Uint8Array(width * height)), undefined, foreground);
  return { ...shape, data };
}
