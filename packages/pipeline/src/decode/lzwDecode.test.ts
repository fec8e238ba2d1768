import { describe, expect, it } from 'vitest';
import { decompressFrames, parseGIF } from 'gifuct-js';
import sharp from 'sharp';
import { createRng } from '@maskflow/datasets';
import { lzwDecode } from './lzwDecode.js';
import { decodeGifFrame } from './gifFrame.js';

function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

async function noisyGif(width: number, height: number, colours: number, seed: number, progressive = false): Promise<Buffer> {
  const rng = createRng(seed);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    // Runs of random length and colour: both long strings and table-filling noise.
    const c = Math.floor(rng() * colours) * Math.floor(255 / Math.max(1, colours - 1));
    rgb.fill(c, i * 3, i * 3 + 3);
    if (rng() < 0.9 && i > 0) rgb.copyWithin(i * 3, (i - 1) * 3, i * 3);
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } }).gif({ progressive }).toBuffer();
}

describe('lzwDecode', () => {
  it('decodes the same colour indices as gifuct-js', async () => {
    for (const [w, h, colours, seed] of [[64, 48, 2, 1], [301, 97, 16, 2], [640, 480, 200, 3]] as const) {
      const gif = await noisyGif(w, h, colours, seed);
      const parsed = parseGIF(arrayBuffer(gif));
      const reference = decompressFrames(parsed, false)[0]!;
      const frame = parsed.frames.find((f) => 'image' in f)! as unknown as { image: { data: { minCodeSize: number; blocks: Uint8Array } } };
      const out = new Uint8Array(w * h);
      const n = lzwDecode(frame.image.data.minCodeSize, frame.image.data.blocks, out, w * h);
      expect(n).toBe(w * h);
      expect(Array.from(out)).toEqual(reference.pixels);
    }
  });

  it('zero-fills pixels past a truncated stream instead of throwing', async () => {
    const gif = await noisyGif(64, 64, 4, 4);
    const parsed = parseGIF(arrayBuffer(gif));
    const frame = parsed.frames.find((f) => 'image' in f)! as unknown as { image: { data: { minCodeSize: number; blocks: Uint8Array } } };
    const out = new Uint8Array(64 * 64).fill(9);
    const n = lzwDecode(frame.image.data.minCodeSize, frame.image.data.blocks.subarray(0, 40), out, 64 * 64);
    expect(n).toBeLessThan(64 * 64);
    expect(out.subarray(n).every((v) => v === 0)).toBe(true);
  });

  it('rejects an impossible minimum code size', () => {
    expect(() => lzwDecode(0, new Uint8Array(4), new Uint8Array(4), 4)).toThrow(RangeError);
  });
});

describe('decodeGifFrame', () => {
  it('deinterlaces an interlaced GIF like gifuct-js', async () => {
    const gif = await noisyGif(50, 37, 2, 5, true);
    const parsed = parseGIF(arrayBuffer(gif));
    expect((parsed.frames[0] as { image: { descriptor: { lct: { interlaced: boolean } } } }).image.descriptor.lct.interlaced).toBe(true);
    const reference = decompressFrames(parsed, true)[0]!;
    const { indices, lut } = decodeGifFrame(gif);
    const ours = Array.from(indices, (i) => lut[i]);
    const theirs = Array.from({ length: 50 * 37 }, (_, p) => (reference.patch[p * 4]! !== 0 ? 1 : 0));
    expect(ours).toEqual(theirs);
  });

  it('composites a frame smaller than the logical screen on a 0 background', async () => {
    const gif = Buffer.from(await noisyGif(20, 10, 2, 6));
    const reference = decodeGifFrame(gif);
    const frame = Array.from(reference.indices, (i) => reference.lut[i]);
    gif.writeUInt16LE(26, 6); // logical screen 26 wide, the frame stays 20
    gif.writeUInt16LE(12, 8);
    const { width, height, indices, lut } = decodeGifFrame(gif);
    expect([width, height]).toEqual([26, 12]);
    for (let y = 0; y < 12; y++) {
      for (let x = 0; x < 26; x++) {
        const expected = x < 20 && y < 10 ? frame[y * 20 + x] : 0;
        expect(lut[indices[y * 26 + x]!]).toBe(expected);
      }
    }
  });
});
