import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createRng } from '@maskflow/datasets';
import { ellipseMask, sceneImage } from '../__tests__/fixtures.js';
import { png16 } from '../__tests__/png16.js';
import { tiffRaw } from '../__tests__/tiffRaw.js';
import { decodeMask } from '../index.js';
import { isLossyWebp } from './sniffFormat.js';

const W = 40;
const H = 30;
const mask = ellipseMask(W, H, createRng(3));

/** The mask painted in `colour` on black, as `channels`-channel pixels (4: opaque alpha). */
function painted(colour: [number, number, number], channels: 3 | 4): Uint8Array {
  const out = new Uint8Array(W * H * channels);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) out.set(colour, i * channels);
    if (channels === 4) out[i * 4 + 3] = 255;
  }
  return out;
}

const encode = (pixels: Uint8Array, channels: 1 | 2 | 3 | 4) => sharp(pixels, { raw: { width: W, height: H, channels } });

describe('decodeMask on masks drawn the ways users draw them', () => {
  it('keeps objects painted green or blue, in PNG, palette PNG, GIF, JPEG and WebP (lossy or not)', async () => {
    const green = painted([0, 200, 0], 3);
    const blue = painted([0, 0, 255], 3);
    const files = [
      await encode(green, 3).png().toBuffer(),
      await encode(blue, 3).png({ palette: true }).toBuffer(),
      await encode(green, 3).gif().toBuffer(),
      await encode(blue, 3).jpeg({ quality: 95 }).toBuffer(),
      // Lossy WebP leaves noise around 0 as JPEG does (read non-zero, a tenth of a white mask's
      // pixels came out wrong at quality 50); lossless WebP is exact.
      await encode(painted([255, 255, 255], 3), 3).webp({ quality: 50 }).toBuffer(),
      await encode(green, 3).webp({ lossless: true }).toBuffer(),
    ];
    expect(files.slice(-2).map(isLossyWebp)).toEqual([true, false]);
    expect(isLossyWebp(await encode(painted([255, 255, 255], 4), 4).webp({ quality: 50, alphaQuality: 100 }).toBuffer())).toBe(true);
    for (const file of files) {
      const out = await decodeMask(file);
      let wrong = 0;
      for (let i = 0; i < mask.length; i++) if (out.data[i] !== mask[i]) wrong++;
      expect(wrong / mask.length).toBeLessThan(0.01);
    }
  });

  it('reads a cut-out by its alpha, whatever colours lie under it', async () => {
    // A photo cut-out: the scene everywhere, opaque on the object, transparent elsewhere.
    const rgb = sceneImage(W, H, mask, createRng(4));
    const rgba = new Uint8Array(W * H * 4);
    for (let i = 0; i < mask.length; i++) {
      rgba.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = mask[i] ? 255 : 0;
    }
    expect((await decodeMask(await encode(rgba, 4).png().toBuffer())).data).toEqual(mask);
    const greyAlpha = new Uint8Array(W * H * 2);
    for (let i = 0; i < mask.length; i++) greyAlpha[i * 2 + 1] = mask[i] ? 255 : 0; // black ink on transparent
    expect((await decodeMask(await encode(greyAlpha, 2).png().toBuffer())).data).toEqual(mask);
  });

  it('reads the colours when no pixel is fully transparent: opaque, or soft brush edges on an opaque background', async () => {
    const white = painted([255, 255, 255], 4);
    expect((await decodeMask(await encode(white, 4).png().toBuffer())).data).toEqual(mask);
    for (let i = 0; i < W; i++) white[i * 4 + 3] = 120; // a half-transparent first row
    expect((await decodeMask(await encode(white, 4).png().toBuffer())).data).toEqual(mask);
  });

  it('reads 16-bit masks, white on black and 0/1 alike', async () => {
    const white = await encode(painted([255, 255, 255], 3), 3).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(white).metadata()).depth).toBe('ushort');
    expect((await decodeMask(white)).data).toEqual(mask);
    const ones = await encode(mask, 1).toColourspace('grey16').png().toBuffer();
    expect((await decodeMask(ones)).data).toEqual(mask);
  });

  it('reads label images as numpy and tifffile write them: 16-bit 0/1 or ids, float 0/1 or soft', async () => {
    const want = [0, 1, 1, 0, 0, 0];
    const decoded = async (bytes: Buffer): Promise<number[]> => Array.from((await decodeMask(bytes)).data);
    // libvips' own cast to 8 bits scales 0-65535 to 0-255 and reads these as empty.
    expect(await decoded(png16([0, 1, 1, 0, 0, 0], 3, 2, 1))).toEqual(want);
    expect(await decoded(png16([0, 7, 300, 0, 0, 0], 3, 2, 1))).toEqual(want);
    expect(await decoded(png16([0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0], 3, 2, 3))).toEqual(want);
    expect(await decoded(tiffRaw([0, 1, 1, 0, 0, 0], 3, 2, 1, 'uint16'))).toEqual(want);
    expect(await decoded(tiffRaw([0, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0], 3, 2, 3, 'uint16'))).toEqual(want);
    expect(await decoded(tiffRaw([0, 1, 1, 0, 0, 0], 3, 2, 1, 'float32'))).toEqual(want);
    expect(await decoded(tiffRaw([0, 255, 255, 0, 0, 0], 3, 2, 1, 'float32'))).toEqual(want);
    expect(await decoded(tiffRaw([0.1, 0.9, 0.6, 0.4, 0, 0.2], 3, 2, 1, 'float32'))).toEqual(want);
    // A 16-bit cut-out: white everywhere, the alpha is the mask.
    const cutOut = [0, 1, 1, 0, 0, 0].flatMap((a) => [65535, a * 65535]);
    expect(await decoded(png16(cutOut, 3, 2, 2))).toEqual(want);
    // Resized by majority, as 8-bit masks are.
    expect(Array.from((await decodeMask(png16([0, 1, 1, 0, 0, 0], 3, 2, 1), { size: [2, 6] })).data)).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });
});
