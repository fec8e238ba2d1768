import { describe, expect, it } from 'vitest';
import { createRng, parseRle, rleEncode } from '@maskflow/datasets';
import { blockMap, nearestMap, resizeMaskMajority, resizeRunsMajority } from './resizeMajority.js';

const IDENTITY = Uint8Array.from({ length: 256 }, (_, i) => (i === 0 ? 0 : 1));

/** A mask of random blobs: runs cross row ends, some rows are empty. */
function blobs(w: number, h: number, seed: number): Uint8Array {
  const rand = createRng(seed);
  const m = new Uint8Array(w * h);
  for (let k = 0; k < 6; k++) {
    const cx = rand() * w, cy = rand() * h, r = 1 + rand() * Math.min(w, h) * 0.4;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) m[y * w + x] = 1;
  }
  return m;
}

describe('majority-vote mask resize', () => {
  it('splits a shrinking axis into whole blocks and grows as nearest-neighbour does', () => {
    expect(Array.from(blockMap(10, 3))).toEqual([0, 3, 3, 6, 6, 10]);
    expect(Array.from(blockMap(4, 4))).toEqual([0, 1, 1, 2, 2, 3, 3, 4]);
    const near = nearestMap(3, 7);
    const grow = blockMap(3, 7);
    for (let i = 0; i < 7; i++) expect([grow[2 * i], grow[2 * i + 1]]).toEqual([near[i], (near[i] as number) + 1]);
  });

  it('labels an output pixel by what most of its area is, where a centre sample says otherwise', () => {
    // One output pixel over three source columns 1 0 1: the centre is 0, two thirds are 1.
    const out = new Uint8Array(2);
    resizeMaskMajority(Uint8Array.of(1, 0, 1, 0, 0, 1), 6, 1, out, 2, 1, IDENTITY);
    expect(Array.from(nearestMap(6, 2))).toEqual([1, 4]);
    expect(Array.from(out)).toEqual([1, 0]);
  });

  it('counts over both axes, a tie as 1, through the lookup table', () => {
    // 4x4 palette indices, 2x2 out: top-left block has 2 of 4 non-zero, top-right 1, bottom-left 3, bottom-right 0.
    const src = Uint8Array.of(7, 0, 0, 0, 0, 7, 0, 9, 7, 7, 0, 0, 7, 0, 0, 0);
    const out = new Uint8Array(4);
    resizeMaskMajority(src, 4, 4, out, 2, 2, IDENTITY);
    expect(Array.from(out)).toEqual([1, 0, 1, 0]);
    const onlySeven = new Uint8Array(256);
    onlySeven[7] = 1;
    resizeMaskMajority(src, 4, 4, out, 2, 2, onlySeven);
    expect(Array.from(out)).toEqual([1, 0, 1, 0]);
    const onlyNine = new Uint8Array(256);
    onlyNine[9] = 1;
    resizeMaskMajority(src, 4, 4, out, 2, 2, onlyNine);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
  });

  it('gives the same mask from runs as from pixels, shrinking, growing and mixed', () => {
    for (const [w, h, dw, dh, seed] of [[37, 23, 9, 5, 1], [16, 16, 16, 16, 2], [7, 5, 20, 13, 3], [40, 6, 11, 9, 4], [1, 1, 3, 2, 5]] as const) {
      const mask = blobs(w, h, seed);
      const fromPixels = new Uint8Array(dw * dh);
      const fromRuns = new Uint8Array(dw * dh).fill(7);
      resizeMaskMajority(mask, w, h, fromPixels, dw, dh, IDENTITY);
      resizeRunsMajority(parseRle(rleEncode(mask, w, h), w, h), w, h, fromRuns, dw, dh);
      expect(Array.from(fromRuns)).toEqual(Array.from(fromPixels));
    }
  });

  it('reads long runs of any palette value at any byte offset as a per-pixel count would', () => {
    // Runs of 200 (on), 0 and 9 (off) longer than a 4-byte word, in a view that starts at byte 3.
    const w = 41;
    const h = 6;
    const backing = new Uint8Array(3 + w * h);
    const src = backing.subarray(3);
    const rand = createRng(11);
    let value = 200;
    for (let i = 0; i < src.length; i++) {
      if (rand() < 0.08) value = [0, 9, 200][Math.floor(rand() * 3)] as number;
      src[i] = value;
    }
    const lut = new Uint8Array(256);
    lut[200] = 1;
    const out = new Uint8Array(10 * 3);
    resizeMaskMajority(src, w, h, out, 10, 3, lut);
    const xb = blockMap(w, 10);
    const yb = blockMap(h, 3);
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 10; x++) {
        let on = 0;
        let n = 0;
        for (let sy = yb[2 * y] as number; sy < (yb[2 * y + 1] as number); sy++) {
          for (let sx = xb[2 * x] as number; sx < (xb[2 * x + 1] as number); sx++) {
            on += lut[src[sy * w + sx] as number] as number;
            n++;
          }
        }
        expect(out[y * 10 + x]).toBe(2 * on >= n ? 1 : 0);
      }
    }
  });

  it('keeps a full and an empty mask full and empty', () => {
    const out = new Uint8Array(12);
    resizeMaskMajority(new Uint8Array(35).fill(1), 7, 5, out, 4, 3, IDENTITY);
    expect(out.every((v) => v === 1)).toBe(true);
    resizeRunsMajority(parseRle('', 7, 5), 7, 5, out, 4, 3);
    expect(out.every((v) => v === 0)).toBe(true);
  });
});
