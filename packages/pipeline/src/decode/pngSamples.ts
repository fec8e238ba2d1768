/**
 * The stored values of a palette PNG (its palette indices) or of a grey PNG of 1, 2 or 4 bits,
 * which sharp hands back only as colours or as levels scaled to 0-255. A label map's classes
 * are these values (Pascal VOC's palette masks, a 2-bit trimap), so `--foreground` reads them here.
 */
import { inflateSync } from 'node:zlib';
import { pngHeader, pngImageData, unfilterLine } from '@maskflow/preprocess';

/** One value a pixel, row-major. */
export interface PngSamples {
  width: number;
  height: number;
  values: Uint8Array;
}

/**
 * The values of a palette PNG, or a grey PNG below 8 bits, or undefined for any other PNG (sharp
 * reads those exactly). Interlaced (Adam7) files are refused with a way out.
 */
export function pngSamples(bytes: Uint8Array): PngSamples | undefined {
  const { width, height, depth, colourType, interlaced } = pngHeader(bytes);
  if (!(colourType === 3 || (colourType === 0 && depth < 8))) return undefined;
  if (interlaced) throw new Error('an interlaced palette or low-bit PNG is not read for --foreground; save it without interlacing (for example `convert in.png -interlace none out.png`)');
  const raw = inflateSync(pngImageData(bytes));
  const stride = Math.ceil((width * depth) / 8);
  if (raw.length < height * (stride + 1)) throw new Error(`its image data holds ${raw.length} bytes, fewer than ${height} rows of ${stride + 1} (a truncated file?)`);
  const values = new Uint8Array(width * height);
  let previous = new Uint8Array(stride);
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    unfilterLine(raw[y * (stride + 1)] as number, line, previous, 1);
    for (let x = 0; x < width; x++) {
      values[y * width + x] = depth === 8 ? (line[x] as number) : ((line[Math.floor(x / perByte)] as number) >> (8 - depth * ((x % perByte) + 1))) & mask;
    }
    previous = line;
  }
  return { width, height, values };
}
