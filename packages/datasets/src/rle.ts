import { checkInteger, OptionRangeError, OptionTypeError } from '@maskflow/errors';
import { RleError } from './errors.js';

/** Parsed runs of a Carvana RLE: 0-based `starts` and their `lengths`, ascending, not overlapping. */
export interface RleRuns {
  starts: Uint32Array;
  lengths: Uint32Array;
}

/** Pixels of a width x height image, both checked. */
function pixelCount(width: unknown, height: unknown): number {
  return checkInteger('width', width, 1) * checkInteger('height', height, 1);
}

/**
 * Parse a Carvana run-length string (`start length start length ...`, 1-indexed starts,
 * row-major) and check it against a `width` x `height` image. Throws `RleError` naming the
 * first bad token: not an integer, an odd count, a run outside the image, or overlapping runs.
 */
export function parseRle(rle: string, width: number, height: number): RleRuns {
  if (typeof rle !== 'string') throw new OptionTypeError('rle', 'a string', rle);
  const size = pixelCount(width, height);
  const trimmed = rle.trim();
  const tokens = trimmed === '' ? [] : trimmed.split(/\s+/);
  if (tokens.length % 2 !== 0) {
    throw new RleError('odd-count', `RLE has ${tokens.length} numbers; expected start/length pairs (an even count)`, tokens.length - 1);
  }
  const runs = tokens.length / 2;
  const starts = new Uint32Array(runs);
  const lengths = new Uint32Array(runs);
  let end = 0; // 0-based index one past the previous run
  for (let r = 0; r < runs; r++) {
    const startText = tokens[2 * r] as string;
    const lengthText = tokens[2 * r + 1] as string;
    for (const [i, text] of [[2 * r, startText], [2 * r + 1, lengthText]] as const) {
      if (!/^\d+$/.test(text)) {
        throw new RleError('not-a-number', `RLE number ${i + 1} is ${JSON.stringify(text)}; expected a non-negative integer`, i);
      }
    }
    const start = Number(startText);
    const length = Number(lengthText);
    if (start < 1 || length < 1 || start - 1 + length > size) {
      throw new RleError(
        'out-of-bounds',
        `RLE run ${r + 1} (start ${start}, length ${length}) is outside the ${width}x${height} image (pixels 1..${size}, lengths >= 1)`,
        2 * r,
      );
    }
    if (start - 1 < end) {
      throw new RleError('overlap', `RLE run ${r + 1} starts at ${start}, before the previous run ends at ${end}; runs must ascend without overlap`, 2 * r);
    }
    starts[r] = start - 1;
    lengths[r] = length;
    end = start - 1 + length;
  }
  return { starts, lengths };
}

/** Decode a Carvana run-length string into a row-major `width*height` mask of 0/1. */
export function rleDecode(rle: string, width: number, height: number): Uint8Array {
  const { starts, lengths } = parseRle(rle, width, height);
  const mask = new Uint8Array(width * height);
  for (let r = 0; r < starts.length; r++) {
    const start = starts[r] as number;
    mask.fill(1, start, start + (lengths[r] as number));
  }
  return mask;
}

/** Encode a row-major mask (any non-zero value is foreground) as a Carvana run-length string. */
export function rleEncode(mask: Uint8Array, width: number, height: number): string {
  if (!(mask instanceof Uint8Array)) throw new OptionTypeError('mask', 'a Uint8Array', mask);
  const size = pixelCount(width, height);
  if (mask.length !== size) {
    throw new OptionRangeError('mask', `a mask of length ${size} (width ${width} x height ${height})`, mask);
  }
  const parts: string[] = [];
  let i = 0;
  while (i < size) {
    if (mask[i] === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < size && mask[i] !== 0) i++;
    parts.push(`${start + 1} ${i - start}`);
  }
  return parts.join(' ');
}
