/**
 * PNG, WebP, JPEG and TIFF masks to one byte a pixel plus the lookup that makes it 0/1. Masks come
 * drawn many ways: white on black in grey or RGB, 0/1 values, a colour per object ((0, 255, 0)
 * on black), or a cut-out whose alpha is the mask. Reading only the red channel (as a grey
 * mask's conversion would) turns a green or blue object into an empty mask, which trains a
 * model to predict nothing without a word of warning; the largest channel keeps every colour.
 */
import sharp, { type OutputInfo } from 'sharp';
import { DecodeError } from '../errors.js';
import { sniffFormat } from './sniffFormat.js';
import { colourKeys, foregroundLut, namesColours, type Foreground } from './foreground.js';
import { pngSamples } from './pngSamples.js';
import { decodeWideMask, wideMaskFormat } from './wideMask.js';

/** One byte a pixel and the lookup taking each value to 0/1. */
export interface RasterMask {
  src: Uint8Array;
  width: number;
  height: number;
  lut: Uint8Array;
}

const NON_ZERO = new Uint8Array(256).fill(1);
NON_ZERO[0] = 0;
// JPEG and lossy WebP masks carry compression noise around 0 and 255, and alpha edges are partial coverage:
// both split at the midpoint instead.
const HALF = new Uint8Array(256).fill(1, 128);

/** Channel `c` of pixels `stride` bytes apart, or (when `c` is undefined) the largest of their first `colours` channels. */
export function plane(data: Uint8Array, pixels: number, stride: number, colours: number, c?: number): Uint8Array {
  const out = new Uint8Array(pixels);
  if (c !== undefined) {
    for (let i = 0, j = c; i < pixels; i++, j += stride) out[i] = data[j] as number;
    return out;
  }
  for (let i = 0, j = 0; i < pixels; i++, j += stride) {
    let v = data[j] as number;
    for (let k = 1; k < colours; k++) v = Math.max(v, data[j + k] as number);
    out[i] = v;
  }
  return out;
}

/** 1 where a pixel's first three channels (`stride` bytes a pixel) are one of `keys` (0xrrggbb), else 0. */
function colourPlane(data: Uint8Array, pixels: number, stride: number, keys: Set<number>): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += stride) out[i] = keys.has(((data[j] as number) << 16) | ((data[j + 1] as number) << 8) | (data[j + 2] as number)) ? 1 : 0;
  return out;
}

/** Whether any of the pixels `stride` bytes apart has channel `c` (its alpha) at 0: read in place, no plane built for an opaque mask. */
function hasHoles(data: Uint8Array, stride: number, c: number): boolean {
  for (let j = c; j < data.length; j += stride) if (data[j] === 0) return true;
  return false;
}

/**
 * Decode a PNG, WebP, JPEG or TIFF mask. With holes (any fully transparent pixel) the alpha is the
 * mask, split at 128; otherwise the largest colour channel, non-zero → 1 (`lossy`, a JPEG or a
 * lossy WebP: ≥ 128 → 1, as compression noise strays around 0 and 255). 16-bit and float masks are read at their own
 * depth (wideMask.ts). With `foreground` (a label map's object values) a pixel is 1 when its value
 * is listed: a palette PNG's index (transparent ones too), a grey level, or a colour mask's largest
 * channel; listed `#rrggbb` colours are compared with each pixel's colour (a grey level v as
 * (v, v, v)); the alpha of any other cut-out still decides alone.
 */
export async function decodeRasterMask(input: Uint8Array, lossy: boolean, file?: string, foreground?: Foreground): Promise<RasterMask> {
  let data: Buffer;
  let info: OutputInfo;
  try {
    const format = sniffFormat(input);
    const wide = await wideMaskFormat(input, format);
    if (wide !== undefined) return { ...(await decodeWideMask(input, wide.samples, wide.grey, foreground)), lut: NON_ZERO };
    // Listed values of a palette or low-bit PNG are its stored values, which sharp turns into colours or scaled levels.
    const stored = foreground !== undefined && !namesColours(foreground) && format === 'png' ? pngSamples(input) : undefined;
    if (stored !== undefined) return { src: stored.values, width: stored.width, height: stored.height, lut: foregroundLut(foreground as Foreground) };
    ({ data, info } = await sharp(input, { sequentialRead: true }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
  } catch (error) {
    throw new DecodeError(file, (error as Error).message);
  }
  const { width, height, channels } = info;
  const pixels = width * height;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const colours = channels === 2 || channels === 4 ? channels - 1 : channels;
  // A cut-out is fully transparent around the object. Without a single fully transparent
  // pixel the alpha says nothing (opaque, or only soft brush edges on an opaque background)
  // and the colours are the mask.
  if (colours < channels && hasHoles(bytes, channels, colours)) {
    return { src: plane(bytes, pixels, channels, colours, colours), width, height, lut: HALF };
  }
  const lut = foreground !== undefined ? foregroundLut(foreground) : lossy ? HALF : NON_ZERO;
  // A grey mask is its own plane: no copy.
  if (channels === 1) return { src: bytes, width, height, lut };
  if (foreground !== undefined && namesColours(foreground)) return { src: colourPlane(bytes, pixels, channels, colourKeys(foreground)), width, height, lut: NON_ZERO };
  return { src: plane(bytes, pixels, channels, colours), width, height, lut };
}
