/**
 * Masks with more than 8 bits a sample: label images written by numpy, scikit-image or tifffile
 * as uint16 (0/1, or object ids), and float masks (0.0/1.0, or soft 0-1). Cast to 8 bits by
 * libvips, a 16-bit 0/1 mask scales to 0/0 and reads empty, so these are read at their own depth.
 */
import sharp from 'sharp';
import { namesColours, type Foreground } from './foreground.js';
import type { ImageFormat } from './sniffFormat.js';
import { isGrey, wideSamples, type WideSamples } from './stretchWide.js';

/** A 0/1 mask, one byte a pixel. */
export interface WideMask {
  src: Uint8Array;
  width: number;
  height: number;
}

/**
 * How a mask of `format` stores wider than 8-bit samples, and whether it is grey, or undefined for
 * an 8-bit mask. A PNG's depth is in its header; a TIFF's takes sharp's header read (JPEG, WebP
 * and GIF are 8-bit).
 */
export async function wideMaskFormat(input: Uint8Array, format: ImageFormat): Promise<{ samples: WideSamples; grey: boolean } | undefined> {
  if (format !== 'png' && format !== 'tiff') return undefined;
  const header = format === 'tiff' ? await sharp(input).metadata() : undefined;
  const samples = wideSamples(input, format, header?.depth);
  return samples === undefined ? undefined : { samples, grey: isGrey(input, format, header?.channels) };
}

/** A wide mask as read: each pixel's largest colour channel (floats as stored), and its alpha when any alpha is 0 (a cut-out). */
export interface WidePlane {
  width: number;
  height: number;
  values: Float32Array;
  alpha: Float32Array | undefined;
}

/** Read a 16-bit or float mask at its own depth into one value a pixel (see WidePlane); 16-bit values are exact in float32. */
export async function readWidePlane(input: Uint8Array, samples: WideSamples, grey: boolean): Promise<WidePlane> {
  let image = sharp(input, { sequentialRead: true });
  // Without a 16-bit colour space libvips converts to 8-bit sRGB first; floats pass as stored.
  if (samples === 'ushort') image = image.toColourspace(grey ? 'grey16' : 'rgb16');
  const { data, info } = await image.raw({ depth: samples }).toBuffer({ resolveWithObject: true });
  const raw = samples === 'ushort' ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2) : new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const { width, height, channels } = info;
  const colours = channels === 2 || channels === 4 ? channels - 1 : channels;
  const values = new Float32Array(width * height);
  let holes = false;
  if (colours < channels) for (let j = colours; j < raw.length && !holes; j += channels) holes = raw[j] === 0;
  const alpha = holes ? new Float32Array(width * height) : undefined;
  for (let i = 0, j = 0; i < values.length; i++, j += channels) {
    let v = raw[j] as number;
    for (let k = 1; k < colours; k++) v = Math.max(v, raw[j + k] as number);
    values[i] = v;
    if (alpha !== undefined) alpha[i] = raw[j + colours] as number;
  }
  return { width, height, values, alpha };
}

/**
 * Decode a 16-bit or float mask to 0/1. With holes (any alpha of 0) the alpha is the mask, split
 * at half its range; otherwise the largest colour channel: an integer non-zero → 1 (0/1, 0/65535
 * and object ids alike), a float ≥ 0.5 → 1 (0.0/1.0 and 0/255 alike, and a soft 0-1 mask split at
 * its midpoint, as a probability map is thresholded); with `foreground`, a value (rounded) among
 * those listed → 1.
 */
export async function decodeWideMask(input: Uint8Array, samples: WideSamples, grey: boolean, foreground?: Foreground): Promise<WideMask> {
  if (foreground !== undefined && namesColours(foreground)) {
    throw new Error(`it has ${samples === 'ushort' ? '16-bit' : 'float'} samples, and colours (#rrggbb) name the object in 8-bit masks only: name its values instead`);
  }
  const { width, height, values, alpha } = await readWidePlane(input, samples, grey);
  const src = new Uint8Array(width * height);
  if (alpha !== undefined) {
    const half = samples === 'ushort' ? 32768 : 0.5;
    for (let i = 0; i < src.length; i++) src[i] = (alpha[i] as number) >= half ? 1 : 0;
    return { src, width, height };
  }
  // Listed values (a label map's classes) replace the cut; floats are compared rounded.
  const listed = foreground === undefined ? undefined : new Set(foreground as readonly number[]);
  const cut = samples === 'ushort' ? 1 : 0.5;
  for (let i = 0; i < src.length; i++) {
    const v = values[i] as number;
    src[i] = listed === undefined ? (v >= cut ? 1 : 0) : listed.has(Math.round(v)) ? 1 : 0;
  }
  return { src, width, height };
}
