import { describe, expect, it } from 'vitest';
import { rleEncode } from './carvanaWriter.js';

describe('rleEncode', () => {
  it('encodes runs 1-indexed as Kaggle does', () => {
    expect(rleEncode(Uint8Array.from([0, 1, 1, 0, 1]))).toBe('2 2 5 1');
    expect(rleEncode(Uint8Array.from([1, 1, 0]))).toBe('1 2');
    expect(rleEncode(new Uint8Array(3))).toBe('');
  });
});
