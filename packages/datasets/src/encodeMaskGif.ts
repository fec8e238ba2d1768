import { checkInteger, OptionRangeError, OptionTypeError } from '@maskflow/errors';

const MIN_CODE_SIZE = 2; // GIF's smallest LZW code size; our two colours use indices 0 and 1.
const CLEAR = 1 << MIN_CODE_SIZE;
const EOI = CLEAR + 1;
const MAX_CODES = 4096;

/** Bit writer that grows its byte buffer as LZW codes arrive, least significant bit first. */
class BitWriter {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  private acc = 0;
  private bits = 0;

  write(code: number, size: number): void {
    this.acc |= code << this.bits;
    this.bits += size;
    while (this.bits >= 8) {
      this.push(this.acc & 0xff);
      this.acc >>>= 8;
      this.bits -= 8;
    }
  }

  flush(): void {
    if (this.bits > 0) this.push(this.acc & 0xff);
    this.acc = 0;
    this.bits = 0;
  }

  private push(byte: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte;
  }
}

/**
 * LZW-compress a mask as palette indices (0 or 1) the GIF way. Ported from omggif's encoder (MIT),
 * https://github.com/deanm/omggif/blob/master/omggif.js, with its object code table replaced
 * by a flat child table (the alphabet has only 2^MIN_CODE_SIZE symbols).
 */
function lzw(mask: Uint8Array, out: BitWriter): void {
  const child = new Int16Array(MAX_CODES << MIN_CODE_SIZE).fill(-1);
  let codeSize = MIN_CODE_SIZE + 1;
  let next = EOI + 1;
  out.write(CLEAR, codeSize);
  // (v + 255) >> 8 maps 0 to palette index 0 and 1..255 to 1 without a branch per pixel.
  let current = ((mask[0] as number) + 255) >> 8;
  for (let i = 1; i < mask.length; i++) {
    const k = ((mask[i] as number) + 255) >> 8;
    const key = (current << MIN_CODE_SIZE) | k;
    const found = child[key] as number;
    if (found >= 0) {
      current = found;
      continue;
    }
    out.write(current, codeSize);
    if (next === MAX_CODES) {
      out.write(CLEAR, codeSize);
      child.fill(-1);
      next = EOI + 1;
      codeSize = MIN_CODE_SIZE + 1;
    } else {
      // The decoder adds each entry one code later, so grow before the entry that overflows.
      if (next >= 1 << codeSize) codeSize++;
      child[key] = next++;
    }
    current = k;
  }
  out.write(current, codeSize);
  out.write(EOI, codeSize);
  out.flush();
}

/**
 * Encode a row-major mask (0 = background, any other value = foreground) as a single-frame
 * palette GIF like Carvana's: palette [black, white], background index 0 (black).
 */
export function encodeMaskGif(mask: Uint8Array, width: number, height: number): Uint8Array {
  if (!(mask instanceof Uint8Array)) throw new OptionTypeError('mask', 'a Uint8Array', mask);
  checkInteger('width', width, 1, 0xffff);
  checkInteger('height', height, 1, 0xffff);
  if (mask.length !== width * height) {
    throw new OptionRangeError('mask', `a mask of length ${width * height} (width ${width} x height ${height})`, mask);
  }
  const data = new BitWriter();
  lzw(mask, data);

  const blocks = Math.ceil(data.length / 255);
  const header = 6 + 7 + 6 + 10 + 1;
  const out = new Uint8Array(header + data.length + blocks + 2);
  const view = new DataView(out.buffer);
  out.set([0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 0); // "GIF89a"
  view.setUint16(6, width, true);
  view.setUint16(8, height, true);
  out.set([0x80, 0, 0], 10); // global colour table of 2 entries, background index 0, square pixels
  out.set([0, 0, 0, 255, 255, 255], 13); // black, white
  out[19] = 0x2c; // image descriptor at (0, 0), full size, no local table, not interlaced
  view.setUint16(24, width, true);
  view.setUint16(26, height, true);
  out[28] = 0;
  out[29] = MIN_CODE_SIZE;
  let at = header;
  for (let start = 0; start < data.length; start += 255) {
    const size = Math.min(255, data.length - start);
    out[at++] = size;
    out.set(data.bytes.subarray(start, start + size), at);
    at += size;
  }
  out[at++] = 0; // block terminator
  out[at] = 0x3b; // trailer
  return out;
}
