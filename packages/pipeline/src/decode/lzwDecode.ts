// GIF's variable-width LZW, decoding into a typed array.
//
// Structure ported from gifuct-js's lzw.js (https://github.com/matt-way/gifuct-js/blob/master/src/lzw.js,
// itself a port of https://gist.github.com/devunwired/4479231), with two changes that make a
// 1918x1280 mask take about a millisecond instead of 150-250 ms:
//  - the output and the tables are typed arrays reused across calls, not plain JS Arrays;
//  - a table entry is stored as (start, length) of its first occurrence in the output, so
//    emitting a code is one copy from earlier output (copyWithin for long strings) instead of
//    walking a prefix chain one pixel at a time. Every LZW string already appeared in the
//    output: entry k = string(previous code) + first pixel of the current one, which is exactly
//    the output from the previous code's start, one pixel longer.

const MAX_CODES = 4096;
const entryStart = new Int32Array(MAX_CODES);
const entryLength = new Int32Array(MAX_CODES);

/** Copy `length` bytes inside `out` from `from` to `to` (the ranges never overlap here). */
function copy(out: Uint8Array, from: number, to: number, length: number): void {
  if (length < 24) {
    for (let k = 0; k < length; k++) out[to + k] = out[from + k] as number;
  } else {
    out.copyWithin(to, from, from + length);
  }
}

/**
 * Decode GIF image data (`minCodeSize` and the concatenated sub-blocks) into the first
 * `pixelCount` bytes of `out` (colour indices). Returns how many pixels the stream held;
 * pixels past a truncated or corrupt stream are set to 0, as gifuct-js does.
 */
export function lzwDecode(minCodeSize: number, data: Uint8Array, out: Uint8Array, pixelCount: number): number {
  if (!Number.isInteger(minCodeSize) || minCodeSize < 1 || minCodeSize > 11) {
    throw new RangeError(`GIF LZW minimum code size must be in [1, 11] but is ${minCodeSize}`);
  }
  if (out.length < pixelCount) throw new RangeError(`LZW output holds ${out.length} pixels but ${pixelCount} are needed`);
  const clear = 1 << minCodeSize;
  const endOfInformation = clear + 1;
  let codeSize = minCodeSize + 1;
  let codeMask = (1 << codeSize) - 1;
  let available = clear + 2;
  let previous = -1;
  let previousStart = 0;
  let previousLength = 0;
  let datum = 0;
  let bits = 0;
  let byteIndex = 0;
  let written = 0;
  const dataLength = data.length;

  decode: while (written < pixelCount) {
    while (bits < codeSize) {
      if (byteIndex >= dataLength) break decode;
      datum |= (data[byteIndex++] as number) << bits;
      bits += 8;
    }
    const code = datum & codeMask;
    datum >>>= codeSize;
    bits -= codeSize;

    if (code === clear) {
      codeSize = minCodeSize + 1;
      codeMask = (1 << codeSize) - 1;
      available = clear + 2;
      previous = -1;
      continue;
    }
    if (code === endOfInformation || code > available) break;

    const start = written;
    let length: number;
    if (code < clear) {
      out[written++] = code;
      length = 1;
    } else if (code < available) {
      if (code < clear + 2) break;
      length = entryLength[code] as number;
      const n = Math.min(length, pixelCount - written);
      copy(out, entryStart[code] as number, written, n);
      written += n;
    } else {
      // code === available: the string is the previous one plus its own first pixel (KwKwK).
      if (previous < 0) break;
      length = previousLength + 1;
      const n = Math.min(previousLength, pixelCount - written);
      copy(out, previousStart, written, n);
      written += n;
      if (written < pixelCount) out[written++] = out[previousStart] as number;
    }

    if (previous >= 0 && available < MAX_CODES) {
      entryStart[available] = previousStart;
      entryLength[available] = previousLength + 1;
      available++;
      if ((available & codeMask) === 0 && available < MAX_CODES) {
        codeSize++;
        codeMask = (codeMask << 1) | 1;
      }
    }
    previous = code;
    previousStart = start;
    previousLength = length;
  }
  const decoded = written;
  if (written < pixelCount) out.fill(0, written, pixelCount);
  return decoded;
}
