import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createRng, rleEncode } from '@maskflow/datasets';
import { ellipseMask, maskGif, sceneImage } from './__tests__/fixtures.js';
import { decodeImage, decodeMask, DecodeError } from './index.js';
import { headerSize } from './decode/headerSize.js';

const W = 120;
const H = 80;
const mask = ellipseMask(W, H, createRng(7));
const rgb = sceneImage(W, H, mask, createRng(8));
const raw = { raw: { width: W, height: H, channels: 3 as const } };

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return s / a.length;
}

describe('decodeImage', () => {
  it('decodes JPEG, PNG and WebP to RGB close to the source pixels', async () => {
    for (const bytes of [await sharp(rgb, raw).jpeg({ quality: 95 }).toBuffer(), await sharp(rgb, raw).png().toBuffer(), await sharp(rgb, raw).webp({ lossless: true }).toBuffer()]) {
      const out = await decodeImage(bytes);
      expect([out.width, out.height, out.data.length]).toEqual([W, H, W * H * 3]);
      expect(meanAbsDiff(out.data, rgb)).toBeLessThan(3);
    }
  });

  it('decodes a TIFF, and a GIF photo from its palette, to RGB, and refuses a stack of pages', async () => {
    const tiff = await sharp(rgb, raw).tiff({ compression: 'none' }).toBuffer();
    const lzwTiff = await sharp(rgb, raw).tiff({ compression: 'lzw' }).toBuffer();
    for (const bytes of [tiff, lzwTiff]) {
      const out = await decodeImage(bytes);
      expect([out.width, out.height]).toEqual([W, H]);
      expect(meanAbsDiff(out.data, rgb)).toBeLessThan(1);
    }
    const stack = await sharp([tiff, tiff], { join: { animated: true } }).tiff().toBuffer();
    await expect(decodeImage(stack)).rejects.toThrow(/holds 2 pages or frames, and Maskflow reads one picture a file/);
    // A GIF photo keeps at most 256 colours: near the source, not exact.
    const gif = await decodeImage(await sharp(rgb, raw).gif().toBuffer(), { size: [40, 60] });
    expect([gif.width, gif.height]).toEqual([60, 40]);
    const resized = (await sharp(rgb, raw).resize({ width: 60, height: 40, fit: 'fill', kernel: 'linear' }).raw().toBuffer()) as Uint8Array;
    expect(meanAbsDiff(gif.data, resized)).toBeLessThan(8);
  });

  it('resizes to [height, width] and converts grey and RGBA to RGB', async () => {
    const grey = await sharp(rgb, raw).greyscale().png().toBuffer();
    const rgba = await sharp(rgb, raw).ensureAlpha().png().toBuffer();
    for (const bytes of [grey, rgba]) {
      const out = await decodeImage(bytes, { size: [40, 60] });
      expect([out.width, out.height, out.data.length]).toEqual([60, 40, 60 * 40 * 3]);
    }
  });

  it('reads the size from JPEG and PNG headers', async () => {
    expect(headerSize(await sharp(rgb, raw).jpeg().toBuffer())).toEqual({ width: W, height: H });
    expect(headerSize(await sharp(rgb, raw).png().toBuffer())).toEqual({ width: W, height: H });
  });

  it('names the problem for truncated, foreign and wrongly typed input', async () => {
    const jpeg = await sharp(rgb, raw).jpeg().toBuffer();
    await expect(decodeImage(jpeg.subarray(0, jpeg.length / 2))).rejects.toThrow(DecodeError);
    await expect(decodeImage(new TextEncoder().encode('not an image at all'))).rejects.toThrow(/JPEG, PNG, WebP, GIF or TIFF/);
    await expect(decodeImage('x.jpg' as unknown as Uint8Array)).rejects.toThrow(TypeError);
    await expect(decodeImage(jpeg, { size: [0, 10] })).rejects.toThrow(/positive|integer in \[1/);
  });
});

describe('decodeMask', () => {
  it('decodes a GIF mask to exactly the 0/1 mask it was made from', async () => {
    const out = await decodeMask(await maskGif(mask, W, H));
    expect([out.width, out.height]).toEqual([W, H]);
    expect(out.data).toEqual(mask);
  });

  it('gives the same mask from GIF, PNG, TIFF and RLE, at full size and resized', async () => {
    const gif = await maskGif(mask, W, H);
    const png = await sharp(mask.map((v) => v * 255), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
    // A bilevel (1 bit a pixel) TIFF, as scanners and old microscopy tools write masks.
    const tiff = await sharp(mask.map((v) => v * 255), { raw: { width: W, height: H, channels: 1 } }).toColourspace('b-w').tiff({ bitdepth: 1, compression: 'ccittfax4' }).toBuffer();
    const rle = { rle: rleEncode(mask, W, H), width: W, height: H };
    for (const size of [undefined, [32, 48], [200, 100]] as const) {
      const opts = size === undefined ? {} : { size: [size[0], size[1]] as [number, number] };
      const [a, b, c, d] = await Promise.all([decodeMask(gif, opts), decodeMask(png, opts), decodeMask(rle, opts), decodeMask(tiff, opts)]);
      expect(b.data).toEqual(a.data);
      expect(c.data).toEqual(a.data);
      expect(d.data).toEqual(a.data);
      expect(new Set(a.data)).toEqual(new Set([0, 1]));
    }
  });

  it('resizes by majority vote: values stay 0/1 and a pixel is what most of its area is', async () => {
    // Source columns 1 0 1 | 0 0 1: the centre samples are 0 and 0, the majorities 1 and 0.
    const row = Uint8Array.of(1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1);
    const out = await decodeMask({ rle: rleEncode(row, 6, 2), width: 6, height: 2 }, { size: [1, 2] });
    expect(Array.from(out.data)).toEqual([1, 0]);
  });

  it('thresholds JPEG masks at 128 so compression noise stays background', async () => {
    const jpeg = await sharp(mask.map((v) => v * 255), { raw: { width: W, height: H, channels: 1 } }).jpeg({ quality: 70 }).toBuffer();
    const out = await decodeMask(jpeg);
    let wrong = 0;
    for (let i = 0; i < mask.length; i++) if (out.data[i] !== mask[i]) wrong++;
    expect(wrong / mask.length).toBeLessThan(0.01);
  });

  it('names the problem for corrupt masks and bad RLE', async () => {
    const gif = await maskGif(mask, W, H);
    await expect(decodeMask(gif.subarray(0, 20))).rejects.toThrow(DecodeError);
    await expect(decodeMask({ rle: '5 3 1 2', width: W, height: H })).rejects.toThrow(/RLE/);
    await expect(decodeMask({ rle: '1 2', width: -1, height: H })).rejects.toThrow(RangeError);
    await expect(decodeMask(42 as unknown as Uint8Array)).rejects.toThrow(TypeError);
  });

  it('reports corrupt GIF image data as the file\'s DecodeError', async () => {
    const gif = Uint8Array.from(await maskGif(mask, W, H));
    // The LZW minimum code size follows the 10-byte image descriptor (0x2C); 12 is out of range.
    const descriptor = gif.indexOf(0x2c, 13);
    gif[descriptor + 10] = 12;
    await expect(decodeMask(gif)).rejects.toThrow(/Cannot decode input: GIF image data is corrupt \(GIF LZW minimum code size must be in \[1, 11\]/);
  });
});
