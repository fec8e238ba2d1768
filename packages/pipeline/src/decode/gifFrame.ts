import { parseGIF } from 'gifuct-js';
import type { ParsedGif } from 'gifuct-js';
import { DecodeError } from '../errors.js';
import { lzwDecode } from './lzwDecode.js';

/** The first frame of a GIF on its logical screen: one colour index per pixel and a 0/1 lookup. */
export interface GifMaskFrame {
  width: number;
  height: number;
  /** Row-major colour indices, width*height; a view of a per-thread scratch buffer, valid until the next call. */
  indices: Uint8Array;
  /** lut[index] is 1 where the palette colour is not black (any channel non-zero) and not transparent. */
  lut: Uint8Array;
  /** Each palette index's colour as 0xrrggbb (what a `#rrggbb` foreground is compared with). */
  colours: number[];
}

/** Largest logical screen accepted (sharp's default limitInputPixels), to refuse absurd headers. */
export const MAX_GIF_PIXELS = 0x3fff * 0x3fff;

type FrameBlock = Extract<ParsedGif['frames'][number], { image: unknown }>;

let scratch: Uint8Array = new Uint8Array(0);
let frameScratch: Uint8Array = new Uint8Array(0);

function grow(buffer: Uint8Array, size: number): Uint8Array {
  return buffer.length >= size ? buffer : new Uint8Array(Math.ceil(size * 1.25));
}

/** Row order of an interlaced GIF frame (GIF89a appendix E): passes of rows 0/8, 4/8, 2/4, 1/2. */
function interlacedRows(height: number): Int32Array {
  const rows = new Int32Array(height);
  let k = 0;
  for (const [first, step] of [[0, 8], [4, 8], [2, 4], [1, 2]] as const) {
    for (let y = first; y < height; y += step) rows[k++] = y;
  }
  return rows;
}

/**
 * Parse a GIF with gifuct-js (structure: screen, palettes, frames) and LZW-decode the first
 * frame with the typed-array decoder, composited on the logical screen (pixels outside the
 * frame are background, 0). `file` only names the source in errors.
 */
export function decodeGifFrame(bytes: Uint8Array, file?: string): GifMaskFrame {
  let gif: ParsedGif;
  try {
    // parseGIF reads through a Uint8Array view of the buffer it is given.
    gif = parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new DecodeError(file, `not a readable GIF (${(error as Error).message})`);
  }
  const width = gif.lsd?.width;
  const height = gif.lsd?.height;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > MAX_GIF_PIXELS) {
    throw new DecodeError(file, `GIF logical screen is ${width}x${height}; expected 1..${MAX_GIF_PIXELS} pixels`);
  }
  const frame = gif.frames.find((f): f is FrameBlock => 'image' in f && f.image !== undefined);
  if (frame === undefined) throw new DecodeError(file, 'GIF has no image frame');
  const { descriptor, data } = frame.image;
  const { left, top, width: fw, height: fh } = descriptor;
  if (!(data?.blocks instanceof Uint8Array) || data.blocks.length === 0 || fw < 1 || fh < 1) {
    throw new DecodeError(file, 'GIF frame has no image data (truncated file?)');
  }
  const palette = descriptor.lct?.exists ? (frame.image as unknown as { lct: number[][] }).lct : gif.gct;
  if (!Array.isArray(palette) || palette.length === 0) throw new DecodeError(file, 'GIF has no colour table');

  const lut = new Uint8Array(256);
  for (let i = 0; i < palette.length && i < 256; i++) lut[i] = (palette[i] ?? []).some((c) => c !== 0) ? 1 : 0;
  const colours = palette.slice(0, 256).map((c) => (((c?.[0] ?? 0) << 16) | ((c?.[1] ?? 0) << 8) | (c?.[2] ?? 0)) >>> 0);
  const gce = 'gce' in frame ? frame.gce : undefined;
  if (gce?.extras?.transparentColorGiven) lut[gce.transparentColorIndex] = 0;

  const pixels = width * height;
  scratch = grow(scratch, pixels);
  const indices = scratch.subarray(0, pixels);
  const interlaced = descriptor.lct?.interlaced === true;
  if (left === 0 && top === 0 && fw === width && fh === height && !interlaced) {
    decodeLzw(file, data.minCodeSize, data.blocks, indices, pixels);
    return { width, height, indices, lut, colours };
  }

  // Uncommon layout: decode the frame apart, then place its rows on a background screen.
  frameScratch = grow(frameScratch, fw * fh);
  const framePixels = frameScratch.subarray(0, fw * fh);
  decodeLzw(file, data.minCodeSize, data.blocks, framePixels, fw * fh);
  const background = lut.indexOf(0);
  if (background < 0) throw new DecodeError(file, 'GIF palette has no background (black) colour');
  indices.fill(background);
  const rows = interlaced ? interlacedRows(fh) : undefined;
  const copyWidth = Math.max(0, Math.min(fw, width - left));
  for (let r = 0; r < fh; r++) {
    const y = top + (rows === undefined ? r : (rows[r] as number));
    if (y >= height || copyWidth === 0) continue;
    indices.set(framePixels.subarray(r * fw, r * fw + copyWidth), y * width + left);
  }
  return { width, height, indices, lut, colours };
}

/** lzwDecode, its complaints about the data (a bad code size, too few pixels) reported as the file's DecodeError. */
function decodeLzw(file: string | undefined, minCodeSize: number, blocks: Uint8Array, out: Uint8Array, pixels: number): void {
  try {
    lzwDecode(minCodeSize, blocks, out, pixels);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DecodeError(file, `GIF image data is corrupt (${error.message})`);
  }
}
