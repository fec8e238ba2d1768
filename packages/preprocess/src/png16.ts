/**
 * 16-bit PNGs (microscopy, scientific cameras) to 8-bit pixels the way `maskflow predict` reads
 * them (@maskflow/pipeline's decode): a 12-bit frame in 16 bits uses a small part of the range,
 * so each picture is stretched from its 0.1st to its 99.9th percentile, all colour channels
 * together. A browser decodes such a PNG to the high byte of each sample instead, a picture near
 * black to the model. Pure functions: the caller inflates the image data (DecompressionStream
 * in a browser), so this module stays free of Node and browser APIs.
 */

/** The share of the values left below the stretch's black point and above its white point. */
export const STRETCH_TAIL = 0.001;

const u32 = (b: Uint8Array, i: number): number => (((b[i] as number) << 24) | ((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number)) >>> 0;

/** Samples a pixel by PNG colour type: grey, RGB, grey + alpha, RGBA (palettes are never 16-bit). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** A PNG's IHDR: size, bits a sample, colour type (0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA), and whether it is interlaced (Adam7). */
export function pngHeader(bytes: Uint8Array): { width: number; height: number; depth: number; colourType: number; interlaced: boolean } {
  return { width: u32(bytes, 16), height: u32(bytes, 20), depth: bytes[24] as number, colourType: bytes[25] as number, interlaced: bytes[28] !== 0 };
}

/** Whether `bytes` are a PNG of 16 bits a sample (IHDR's bit depth, byte 24). */
export function isPng16(bytes: Uint8Array): boolean {
  return bytes.length > 28 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47 && bytes[24] === 16;
}

/** The zlib stream of a PNG's image data: its IDAT chunks' payloads, in order. */
export function pngImageData(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 8; i + 8 <= bytes.length; ) {
    const length = u32(bytes, i);
    const type = String.fromCharCode(bytes[i + 4] as number, bytes[i + 5] as number, bytes[i + 6] as number, bytes[i + 7] as number);
    if (type === 'IDAT') parts.push(bytes.subarray(i + 8, i + 8 + length));
    if (type === 'IEND') break;
    i += 12 + length;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Undo a scanline's filter in place (PNG spec section 9), given the previous unfiltered line and the bytes a pixel (`bpp`, at least 1). */
export function unfilterLine(type: number, line: Uint8Array, previous: Uint8Array, bpp: number): void {
  for (let i = 0; i < line.length; i++) {
    const a = i >= bpp ? (line[i - bpp] as number) : 0;
    const b = previous[i] as number;
    const c = i >= bpp ? (previous[i - bpp] as number) : 0;
    let predictor = 0;
    if (type === 1) predictor = a;
    else if (type === 2) predictor = b;
    else if (type === 3) predictor = (a + b) >> 1;
    else if (type === 4) {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    } else if (type !== 0) throw new Error(`PNG scanline filter ${type} is not one of 0-4 (a damaged file?)`);
    line[i] = ((line[i] as number) + predictor) & 0xff;
  }
}

/** The values at the 0.1st and 99.9th percentiles of 16-bit samples, from their histogram. */
export function stretchRange(values: Uint16Array): [number, number] {
  const histogram = new Uint32Array(65536);
  for (let i = 0; i < values.length; i++) histogram[values[i] as number] = (histogram[values[i] as number] as number) + 1;
  const below = Math.floor(STRETCH_TAIL * values.length);
  let lo = 0;
  for (let seen = 0; lo < 65535 && seen + (histogram[lo] as number) <= below; lo++) seen += histogram[lo] as number;
  let hi = 65535;
  for (let seen = 0; hi > 0 && seen + (histogram[hi] as number) <= below; hi--) seen += histogram[hi] as number;
  return [lo, Math.max(hi, lo)];
}

/** One 16-bit sample stretched from [lo, hi] to 0-255 (`scale` = 255 / (hi - lo), or 0 for a flat picture). */
export function stretchSample(value: number, lo: number, scale: number): number {
  return Math.min(255, Math.max(0, Math.round((value - lo) * scale)));
}

/**
 * A 16-bit PNG (`bytes`, with `inflated` its image data inflated) as 8-bit RGBA: its colour
 * samples stretched by `stretchRange`, grey repeated into R, G and B, alpha dropped to opaque as
 * predict drops it. Interlaced (Adam7) files are refused, naming how to re-save them.
 */
export function png16ToRgba(bytes: Uint8Array, inflated: Uint8Array): { width: number; height: number; data: Uint8ClampedArray } {
  const { width, height, colourType, interlaced } = pngHeader(bytes);
  const channels = CHANNELS[colourType];
  if (channels === undefined) throw new Error(`PNG colour type ${colourType} is not grey, RGB, grey + alpha or RGBA`);
  if (interlaced) throw new Error('an interlaced 16-bit PNG is not read here; save it without interlacing');
  const bpp = channels * 2;
  const stride = width * bpp;
  if (inflated.length < height * (stride + 1)) throw new Error(`its image data holds ${inflated.length} bytes, fewer than ${height} rows of ${stride + 1} (a truncated file?)`);
  const colours = channels === 2 || channels === 4 ? channels - 1 : channels;
  const values = new Uint16Array(width * height * colours);
  let previous: Uint8Array = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const line = inflated.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    unfilterLine(inflated[y * (stride + 1)] as number, line, previous, bpp);
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < colours; c++) {
        const at = x * bpp + c * 2;
        values[(y * width + x) * colours + c] = ((line[at] as number) << 8) | (line[at + 1] as number);
      }
    }
    previous = line;
  }
  const [lo, hi] = stretchRange(values);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) data[p * 4 + c] = stretchSample(values[p * colours + (colours === 1 ? 0 : c)] as number, lo, scale);
    data[p * 4 + 3] = 255;
  }
  return { width, height, data };
}
