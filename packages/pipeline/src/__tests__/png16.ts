/** PNGs written by hand, as sharp will not write them: 16-bit (big-endian samples), and palette or grey below 8 bits with chosen values. */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** PNG colour types by channel count: grey, grey + alpha, RGB, RGBA. */
const COLOUR_TYPE = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/** A PNG of `samples` (row-major, `channels` a pixel: grey, grey + alpha, RGB or RGBA, each 0-65535) at 16 bits a sample. */
export function png16(samples: ArrayLike<number>, width: number, height: number, channels: 1 | 2 | 3 | 4): Buffer {
  const rowBytes = width * channels * 2;
  const raw = Buffer.alloc(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * channels; i++) raw.writeUInt16BE(samples[y * width * channels + i] as number, y * (rowBytes + 1) + 1 + i * 2);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([16, COLOUR_TYPE[channels], 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

/**
 * A palette PNG (`palette` given: RGB colours, `values` their indices) or a grey PNG (`values`
 * its levels) at `depth` bits a sample (1, 2, 4 or 8), rows packed high bits first; row `y`
 * uses filter `filters[y % filters.length]` (0-4), so every filter is read back.
 */
export function pngIndexed(values: ArrayLike<number>, width: number, height: number, depth: 1 | 2 | 4 | 8, palette?: [number, number, number][], filters: number[] = [0]): Buffer {
  const stride = Math.ceil((width * depth) / 8);
  const raw = Buffer.alloc(height * (stride + 1));
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const line = Buffer.alloc(stride);
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      line[bit >> 3] = (line[bit >> 3] as number) | ((values[y * width + x] as number) << (8 - depth - (bit & 7)));
    }
    const filter = filters[y % filters.length] as number;
    raw[y * (stride + 1)] = filter;
    for (let i = 0; i < stride; i++) {
      const a = i >= 1 ? (line[i - 1] as number) : 0;
      const b = previous[i] as number;
      const c = i >= 1 ? (previous[i - 1] as number) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter] as number;
      raw[y * (stride + 1) + 1 + i] = ((line[i] as number) - predictor) & 0xff;
    }
    previous = line;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([depth, palette === undefined ? 0 : 3, 0, 0, 0], 8);
  const plte = palette === undefined ? [] : [chunk('PLTE', Uint8Array.from(palette.flat()))];
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), ...plte, chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
