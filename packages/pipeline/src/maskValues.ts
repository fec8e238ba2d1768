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
import { isGrey, wideSamples } from './decode/stretchWide.js';
import { readWidePlane } from './decode/wideMask.js';

/** Count each value of `values` into `counts`. */
function tally(values: ArrayLike<number>, counts: Map<number, number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
}

/**
 * Pixels per value of a mask file, as `foreground` reads them: a GIF's or palette PNG's indices,
 * a grey mask's levels (8 or 16 bits, or below 8 bits as stored), a float mask's values rounded,
 * a colour mask's largest channel. A cut-out's alpha is not counted (its alpha is the mask).
 * `file` names the mask in a DecodeError.
 */
export async function maskValueCounts(bytes: Uint8Array, file?: string): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
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
    const header = format === 'tiff' ? await sharp(bytes).metadata() : undefined;
    const samples = format === 'png' || header !== undefined ? wideSamples(bytes, format, header?.depth) : undefined;
    if (samples !== undefined) {
      const { values } = await readWidePlane(bytes, samples, isGrey(bytes, format, header?.channels));
      tally(samples === 'float' ? values.map(Math.round) : values, counts);
      return counts;
    }
    const { data, info } = await sharp(bytes).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const colours = info.channels === 2 || info.channels === 4 ? info.channels - 1 : info.channels;
    tally(colours === 1 && info.channels === 1 ? data : plane(data, info.width * info.height, info.channels, colours), counts);
    return counts;
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(file, (error as Error).message);
  }
}
