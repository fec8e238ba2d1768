import { decompressFrames, parseGIF } from 'gifuct-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeMaskGif } from './encodeMaskGif.js';
import { createRng } from './rng.js';

function decodeWithGifuct(gif: Uint8Array): { width: number; height: number; frames: number; red: Uint8Array } {
  const parsed = parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength) as ArrayBuffer);
  const frames = decompressFrames(parsed, true);
  const patch = frames[0]!.patch;
  const red = new Uint8Array(patch.length / 4);
  for (let i = 0; i < red.length; i++) red[i] = patch[i * 4]!;
  return { width: parsed.lsd.width, height: parsed.lsd.height, frames: frames.length, red };
}

describe('encodeMaskGif', () => {
  it('writes a single-frame GIF that gifuct-js decodes to exactly 0/255', () => {
    const rng = createRng(5);
    for (const [width, height] of [[1, 1], [7, 3], [64, 48], [301, 203]] as const) {
      const mask = new Uint8Array(width * height);
      // Blocky regions plus noise: exercises long LZW runs, table resets and code-size growth.
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) mask[y * width + x] = ((x >> 3) + (y >> 2)) % 3 === 0 || rng() < 0.05 ? 1 : 0;
      }
      const decoded = decodeWithGifuct(encodeMaskGif(mask, width, height));
      expect(decoded.frames).toBe(1);
      expect([decoded.width, decoded.height]).toEqual([width, height]);
      expect(decoded.red).toEqual(mask.map((v) => v * 255));
    }
  });

  it('is read by sharp as a black/white image of the right size', async () => {
    const mask = new Uint8Array(20 * 10);
    mask.fill(1, 40, 120);
    const { data, info } = await sharp(encodeMaskGif(mask, 20, 10)).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([20, 10]);
    for (let i = 0; i < mask.length; i++) expect(data[i * info.channels]).toBe(mask[i]! * 255);
  });

  it('rejects a mask whose length does not match', () => {
    expect(() => encodeMaskGif(new Uint8Array(5), 2, 2)).toThrow(/length 4/);
  });
});
