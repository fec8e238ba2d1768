import { rleEncode } from '@maskflow/datasets';
import { maskFromProbabilities } from '@maskflow/preprocess';
import { describe, expect, it } from 'vitest';
import { probabilitiesToRle } from './probabilitiesToRle.js';

function smoothField(h: number, w: number, seed: number): Float32Array {
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = 0.5 + 0.5 * Math.sin((x + seed) / 3) * Math.cos((y - seed) / 4);
  return out;
}

describe('probabilitiesToRle', () => {
  it('gives the RLE and mask of maskFromProbabilities + rleEncode, enlarging and shrinking', () => {
    const cases: [[number, number], [number, number], number][] = [
      [[12, 16], [37, 53], 0.5],
      [[32, 32], [64, 96], 0.3],
      [[24, 20], [10, 7], 0.6],
      [[8, 8], [8, 8], 0.5],
      [[96, 96], [1280, 1918], 0.55],
    ];
    for (const [i, [from, to, threshold]] of cases.entries()) {
      const p = smoothField(from[0], from[1], i);
      const expected = maskFromProbabilities(p, from, to, { threshold });
      const got = probabilitiesToRle(p, from, to, threshold, true);
      expect(got.rle).toBe(rleEncode(expected, to[1], to[0]));
      expect(got.mask).toEqual(expected);
      expect(got.foreground).toBe(expected.reduce((s, v) => s + v, 0));
    }
  });

  it('encodes an all-on and an all-off mask', () => {
    expect(probabilitiesToRle(new Float32Array(4).fill(1), [2, 2], [3, 5], 0.5, false)).toEqual({ rle: '1 15', foreground: 15, mask: undefined });
    expect(probabilitiesToRle(new Float32Array(4), [2, 2], [3, 5], 0.5, false).rle).toBe('');
  });
});
