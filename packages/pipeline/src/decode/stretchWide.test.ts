import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { png16 } from '../__tests__/png16.js';
import { decodeImage } from '../index.js';
import { tiffRaw } from '../__tests__/tiffRaw.js';
import { inflateSync } from 'node:zlib';
import { png16ToRgba, pngImageData } from '@maskflow/preprocess';
import { floatStretchRange, isGrey } from './stretchWide.js';

/** An RGB picture whose rows differ in kind (ramps, slopes, xor patterns), so an encoder picks different filters. */
function mixed(width: number, height: number): Buffer {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) px[(y * width + x) * 3 + c] = (y % 3 === 0 ? x * 8 : y % 3 === 1 ? x * 8 + y * 5 : (x * 13) ^ (y * 7)) % 256;
    }
  }
  return px;
}

describe('16-bit images', () => {
  it("stretch a 12-bit picture in a 16-bit PNG to the full 8-bit range, where sharp's own conversion leaves it near black", async () => {
    const W = 64;
    const H = 8;
    // A left-to-right ramp over a 12-bit sensor's 100-3880.
    const ramp = Array.from({ length: W * H }, (_, i) => 100 + (i % W) * 60);
    const png = png16(ramp, W, H, 1);
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    const plain = await sharp(png).toColourspace('srgb').raw().toBuffer();
    expect(Math.max(...plain)).toBeLessThan(20);
    const out = await decodeImage(png);
    const row = Array.from({ length: W }, (_, x) => out.data[x * 3] as number);
    expect(row[0]).toBeLessThan(3);
    expect(row[W - 1]).toBeGreaterThan(252);
    expect(row).toEqual([...row].sort((a, b) => a - b));
    // Grey stays grey in RGB.
    expect([out.data[30 * 3], out.data[30 * 3 + 1]]).toEqual([out.data[30 * 3 + 2], out.data[30 * 3 + 2]]);
    // The same frame as a 16-bit TIFF (as microscopes write them) decodes the same.
    const tiff = await sharp(png).toColourspace('grey16').tiff({ compression: 'lzw' }).toBuffer();
    expect((await sharp(tiff).metadata()).depth).toBe('ushort');
    expect((await decodeImage(tiff)).data).toEqual(out.data);
    // Resized, the same stretch.
    const small = await decodeImage(png, { size: [4, 32] });
    expect(small.data[31 * 3]).toBeGreaterThan(240);
  });

  it('keeps the balance of colours, stretching all channels together', async () => {
    const rgb = png16([4000, 2000, 1000, 400, 200, 100], 2, 1, 3);
    const out = await decodeImage(rgb);
    const [r, g, b] = [out.data[0] as number, out.data[1] as number, out.data[2] as number];
    expect(r).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(b);
    // A colour TIFF tells its channels through sharp's header read, a PNG through its colour type.
    const tiff = tiffRaw([4000, 2000, 1000, 400, 200, 100], 2, 1, 3, 'uint16');
    expect((await sharp(tiff).metadata()).depth).toBe('ushort');
    expect((await decodeImage(tiff)).data).toEqual(out.data);
    expect(isGrey(rgb, 'png', undefined)).toBe(false);
    expect(isGrey(png16([1, 2], 2, 1, 1), 'png', undefined)).toBe(true);
  });

  it('stretch float TIFFs, which sharp alone turns black (0-1 values) or white (reflectance in thousands)', async () => {
    const W = 64;
    const H = 4;
    const unit = Array.from({ length: W * H }, (_, i) => (i % W) / (W - 1));
    for (const [scale, plainMax] of [[1, 1], [4000, 255]] as const) {
      const tiff = tiffRaw(unit.map((v) => v * scale), W, H, 1, 'float32');
      expect((await sharp(tiff).metadata()).depth).toBe('float');
      // What the stretch is for: libvips' own 8-bit conversion loses the picture.
      const plain = await sharp(tiff).toColourspace('srgb').raw().toBuffer();
      expect(Math.max(...plain)).toBe(plainMax);
      const out = await decodeImage(tiff);
      const row = Array.from({ length: W }, (_, x) => out.data[x * 3] as number);
      expect(row[0]).toBe(0);
      expect(row[W - 1]).toBe(255);
      expect(Math.abs((row[32] as number) - 130)).toBeLessThanOrEqual(2);
      expect(row).toEqual([...row].sort((a, b) => a - b));
    }
    // Colour keeps its balance, as with 16 bits.
    const rgb = await decodeImage(tiffRaw([0.8, 0.4, 0.2, 0.1, 0.05, 0], 2, 1, 3, 'float32'));
    expect(rgb.data[0]).toBeGreaterThan(rgb.data[1] as number);
    expect(rgb.data[1]).toBeGreaterThan(rgb.data[2] as number);
  });

  it('read float quantiles past hot pixels and no-data values', () => {
    const values = new Float32Array(10_000).map((_, i) => 0.5 + (i % 1000) / 1000);
    values.fill(1e6, 0, 5); // five hot pixels
    values.fill(Number.NaN, 5, 10);
    values.fill(Number.NEGATIVE_INFINITY, 10, 12);
    const [lo, hi] = floatStretchRange(values);
    expect(lo).toBeCloseTo(0.501, 5);
    expect(hi).toBeCloseTo(1.499, 5);
    expect(floatStretchRange(new Float32Array([Number.NaN, 3, 3]))).toEqual([3, 3]);
    expect(floatStretchRange(new Float32Array([Number.NaN]))).toEqual([0, 0]);
  });

  it("decodes 16-bit PNGs to the same bytes as @maskflow/preprocess's png16ToRgba, which the demo page uses", async () => {
    const W = 16;
    const H = 4;
    const ramp = Array.from({ length: W * H }, (_, i) => 300 + ((i * 97) % 3500));
    const files = [
      png16(ramp, W, H, 1),
      png16(Array.from({ length: W * H * 3 }, (_, i) => 100 + ((i * 61) % 4000)), W, H, 3),
      png16(ramp.flatMap((v) => [v, 65535 - v]), W, H, 2),
      // Written by libpng through sharp, its rows filtered adaptively (Sub and Paeth among them).
      await sharp(mixed(32, 12), { raw: { width: 32, height: 12, channels: 3 } }).toColourspace('rgb16').png({ adaptiveFiltering: true, compressionLevel: 9 }).toBuffer(),
    ];
    expect(files.map((f) => f[24])).toEqual([16, 16, 16, 16]);
    const filtered = inflateSync(pngImageData(files[3] as Buffer));
    const filters = new Set(Array.from({ length: 12 }, (_, y) => filtered[y * (32 * 6 + 1)]));
    expect([filters.has(1), filters.has(4)], `row filters ${[...filters].join(', ')}`).toEqual([true, true]);
    for (const file of files) {
      const node = await decodeImage(file);
      const page = png16ToRgba(file, inflateSync(pngImageData(file)));
      expect([page.width, page.height]).toEqual([node.width, node.height]);
      const rgb = Uint8Array.from({ length: page.width * page.height * 3 }, (_, i) => page.data[Math.floor(i / 3) * 4 + (i % 3)] as number);
      expect(rgb).toEqual(node.data);
    }
  });
});
