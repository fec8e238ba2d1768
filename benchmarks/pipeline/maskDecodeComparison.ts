import { readFile } from 'node:fs/promises';
import { decompressFrames, parseGIF } from 'gifuct-js';
import type { Sample } from '@maskflow/datasets';
import { decodeMask } from '@maskflow/pipeline';
import { quantile } from './measure.js';

/** Median milliseconds to decode one full-size mask three ways, on one thread. */
export interface MaskDecodeTimes {
  gifuctDecompressFrames: number;
  gifuctParseTypedLzw: number;
  csvRle: number;
  masks: number;
}

async function median(samples: Sample[], run: (s: Sample, gif: Uint8Array) => unknown): Promise<number> {
  const times: number[] = [];
  for (const s of samples) {
    const gif = await readFile(s.maskPath as string);
    const t0 = performance.now();
    await run(s, gif);
    times.push(performance.now() - t0);
  }
  return quantile(times, 0.5);
}

/**
 * The alternatives side by side: gifuct-js as it stands (parseGIF + decompressFrames, a plain JS
 * Array of pixels), gifuct-js's parser with the pipeline's typed-array LZW (what maskSource 'file'
 * runs), and the csv RLE. All produce the full-size mask; the last two also resize it.
 */
export async function compareMaskDecoders(samples: Sample[], size: number, count = 8): Promise<MaskDecodeTimes> {
  const withBoth = samples.filter((s) => s.maskPath !== undefined && s.rle !== undefined).slice(0, count);
  if (withBoth.length === 0) return { gifuctDecompressFrames: Number.NaN, gifuctParseTypedLzw: Number.NaN, csvRle: Number.NaN, masks: 0 };
  const gifuct = await median(withBoth, (_, gif) => decompressFrames(parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength) as ArrayBuffer), false));
  const typed = await median(withBoth, (_, gif) => decodeMask(gif, { size: [size, size] }));
  const first = await decodeMask(await readFile(withBoth[0]?.maskPath as string));
  const rle = await median(withBoth, (s) => decodeMask({ rle: s.rle as string, width: first.width, height: first.height }, { size: [size, size] }));
  return { gifuctDecompressFrames: gifuct, gifuctParseTypedLzw: typed, csvRle: rle, masks: withBoth.length };
}
