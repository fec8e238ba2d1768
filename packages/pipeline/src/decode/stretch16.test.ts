import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { png16 } from '../__tests__/png16.js';
import { decodeImage } from '../index.js';
import { stretchRange } from './stretch16.js';

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
  });

  it('leaves hot pixels out of the range: the 0.1st to the 99.9th percentile', () => {
    const values = new Uint16Array(10_000).map((_, i) => 1000 + (i % 1000));
    values.fill(65535, 0, 5); // five saturated pixels of 10,000
    values.fill(0, 5, 10);
    expect(stretchRange(values)).toEqual([1000, 1999]);
    expect(stretchRange(new Uint16Array(16).fill(7))).toEqual([7, 7]);
  });
});
