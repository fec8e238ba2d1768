/**
 * The values a mask file holds, and how often: what `foreground` compares, so a user can see
 * whether masks are 0/255, 0/1 or a label map's classes (1, 2, 3) before training on them.
 */
import sharp from 'sharp';
import { DecodeError } from './errors.js';
import { decodeGifFrame } from './decode/gifFrame.js';
import { pngSamples } from './decode/pngSamples.js';
import { plane } from './decode/rasterMask.js';
import { sniffFormat } from './decode/sniffFormat.js';
import { readWidePlane, wideMaskFormat } from './decode/wideMask.js';

/** Count each value of `values` into `counts`. */
function tally(values: ArrayLike<number>, counts: Map<number | string, number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
}

/** Count each pixel's colour (its first three of `stride` bytes) into `counts` as `#rrggbb`. */
function tallyColours(data: Uint8Array, pixels: number, stride: number, counts: Map<number | string, number>): void {
  const byKey = new Map<number, number>();
  for (let i = 0, j = 0; i < pixels; i++, j += stride) {
    const key = ((data[j] as number) << 16) | ((data[j + 1] as number) << 8) | (data[j + 2] as number);
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  for (const [key, n] of byKey) counts.set(`#${key.toString(16).padStart(6, '0')}`, n);
}

/** Whether any pixel's first three channels differ (a colour mask, not grey stored as RGB). */
function hasColour(data: Uint8Array, stride: number): boolean {
  for (let j = 0; j + 2 < data.length; j += stride) if (data[j] !== data[j + 1] || data[j] !== data[j + 2]) return true;
  return false;
}

/**
 * Pixels per value of a mask file, as `foreground` reads them: a GIF's or palette PNG's indices,
 * a grey mask's levels (8 or 16 bits, or below 8 bits as stored), a float mask's values rounded,
 * and a colour mask's colours as `#rrggbb` (8 bits). A cut-out's alpha is not counted (its alpha
 * is the mask). `file` names the mask in a DecodeError.
 */
export async function maskValueCounts(bytes: Uint8Array, file?: string): Promise<Map<number | string, number>> {
  const counts = new Map<number | string, number>();
  const format = sniffFormat(bytes);
  try {
    if (format === 'unknown') throw new Error('expected a GIF, PNG, JPEG, WebP or TIFF mask but the bytes are none of them');
    if (format === 'gif') {
      tally(decodeGifFrame(bytes, file).indices, counts);
      return counts;
    }
    const stored = format === 'png' ? pngSamples(bytes) : undefined;
    if (stored !== undefined) {
      tally(stored.values, counts);
      return counts;
    }
    const wide = await wideMaskFormat(bytes, format);
    if (wide !== undefined) {
      const { values } = await readWidePlane(bytes, wide.samples, wide.grey);
      tally(wide.samples === 'float' ? values.map(Math.round) : values, counts);
      return counts;
    }
    const { data, info } = await sharp(bytes).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const colours = info.channels === 2 || info.channels === 4 ? info.channels - 1 : info.channels;
    if (colours >= 3 && hasColour(data, info.channels)) tallyColours(data, info.width * info.height, info.channels, counts);
    else tally(colours === 1 && info.channels === 1 ? data : plane(data, info.width * info.height, info.channels, colours), counts);
    return counts;
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(file, (error as Error).message);
  }
}
