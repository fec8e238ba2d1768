import { describe, expect, it } from 'vitest';
import { parseFold } from './parseFold.js';

describe('parseFold', () => {
  it('reads K/N from a flag or config file, and { index, count } from a saved config', () => {
    expect(parseFold('fold', '2/6')).toEqual({ index: 2, count: 6 });
    expect(parseFold('fold', ' 0/2 ')).toEqual({ index: 0, count: 2 });
    expect(parseFold('fold', { index: 5, count: 6 })).toEqual({ index: 5, count: 6 });
  });

  it('refuses what is not a fold, naming the option and the form expected', () => {
    for (const bad of ['6/6', '0/1', '1/0', '-1/3', 'a/3', '1.5/3', '2', '']) {
      expect(() => parseFold('fold', bad)).toThrow(/Expected K\/N with N >= 2 and 0 <= K < N .* for fold but received/);
    }
    expect(() => parseFold('fold', { index: 3, count: 3 })).toThrow(/for fold but received "3\/3"/);
    expect(() => parseFold('fold', 3)).toThrow(TypeError);
  });
});
