import { describe, expect, it } from 'vitest';
import { RleError } from './errors.js';
import { createRng } from './rng.js';
import { parseRle, rleDecode, rleEncode } from './rle.js';

describe('rleEncode / rleDecode', () => {
  it('follows the Carvana convention: row-major, 1-indexed starts', () => {
    // 3x2 image, foreground at row 0 col 1..2 and row 1 col 0.
    const mask = Uint8Array.from([0, 1, 1, 1, 0, 0]);
    expect(rleEncode(mask, 3, 2)).toBe('2 3');
    expect(Array.from(rleDecode('2 3', 3, 2))).toEqual(Array.from(mask));
    expect(rleEncode(new Uint8Array(6), 3, 2)).toBe('');
    expect(Array.from(rleDecode('', 3, 2))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('round-trips random masks, including runs touching the first and last pixel', () => {
    const rng = createRng(2024);
    for (let trial = 0; trial < 50; trial++) {
      const width = 1 + Math.floor(rng() * 40);
      const height = 1 + Math.floor(rng() * 30);
      const mask = new Uint8Array(width * height);
      let on = rng() < 0.5;
      for (let i = 0; i < mask.length; i++) {
        if (rng() < 0.15) on = !on;
        mask[i] = on ? 1 : 0;
      }
      if (trial % 2 === 0) {
        mask[0] = 1;
        mask[mask.length - 1] = 1;
      }
      const rle = rleEncode(mask, width, height);
      expect(rleDecode(rle, width, height)).toEqual(mask);
    }
    const full = new Uint8Array(12).fill(1);
    expect(rleEncode(full, 4, 3)).toBe('1 12');
    expect(rleDecode('1 12', 4, 3)).toEqual(full);
    expect(rleEncode(Uint8Array.from([1, 0, 0, 1]), 2, 2)).toBe('1 1 4 1');
  });

  it('treats any non-zero mask value as foreground', () => {
    expect(rleEncode(Uint8Array.from([255, 255, 0, 7]), 2, 2)).toBe('1 2 4 1');
  });

  it('rejects a mask of the wrong size and bad dimensions', () => {
    expect(() => rleEncode(new Uint8Array(5), 3, 2)).toThrow(/length 6/);
    expect(() => rleDecode('', 0, 2)).toThrow(RangeError);
    expect(() => rleDecode('', 2.5, 2)).toThrow(/width/);
    expect(() => rleDecode('', '2' as unknown as number, 2)).toThrow(TypeError);
  });
});

describe('parseRle errors', () => {
  const kind = (rle: string): string | undefined => {
    try {
      parseRle(rle, 4, 3);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(RleError);
      return (error as RleError).kind;
    }
  };
  it('names odd counts, bad numbers, runs outside the image and overlaps', () => {
    expect(kind('1 2 5')).toBe('odd-count');
    expect(kind('1 x')).toBe('not-a-number');
    expect(kind('1 -2')).toBe('not-a-number');
    expect(kind('0 2')).toBe('out-of-bounds');
    expect(kind('11 3')).toBe('out-of-bounds');
    expect(kind('1 0')).toBe('out-of-bounds');
    expect(kind('1 3 3 2')).toBe('overlap');
    expect(kind('5 2 1 2')).toBe('overlap');
    expect(kind('11 2')).toBeUndefined();
  });
});
