import { describe, expect, it } from 'vitest';
import { maskFromProbabilities, resizeProbabilities, thresholdMask } from './maskFromProbabilities.js';

describe('maskFromProbabilities', () => {
  it('nearest repeats each probability over its block', () => {
    const p = new Float32Array([0.9, 0.1, 0.2, 0.8]);
    const mask = maskFromProbabilities(p, [2, 2], [4, 4], { method: 'nearest' });
    expect(Array.from(mask)).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
  });

  it('bilinear interpolates before thresholding, so edges fall between the samples', () => {
    // A vertical edge 0 | 1: at 4x, the columns near the edge interpolate through 0.5.
    const p = new Float32Array([0, 1, 0, 1]);
    const up = resizeProbabilities(p, [2, 2], [2, 8]);
    expect(Array.from(up.subarray(0, 8))).toEqual([0, 0, 0.125, 0.375, 0.625, 0.875, 1, 1]);
    expect(Array.from(maskFromProbabilities(p, [2, 2], [2, 8]).subarray(0, 8))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('thresholds strictly above the threshold and honours a custom one', () => {
    expect(Array.from(thresholdMask([0.5, 0.50001, 0.2, 1]))).toEqual([0, 1, 0, 1]);
    expect(Array.from(thresholdMask([0.5, 0.2, 0.1], 0.15))).toEqual([1, 1, 0]);
  });

  it('gives the image size even when the image is smaller than the model', () => {
    const p = new Float32Array(8 * 8).fill(0.7);
    const mask = maskFromProbabilities(p, [8, 8], [3, 5]);
    expect(mask.length).toBe(15);
    expect(mask.every((v) => v === 1)).toBe(true);
  });

  it('rejects a wrong length, a wrong type, a bad threshold or method', () => {
    expect(() => maskFromProbabilities(new Float32Array(3), [2, 2], [4, 4])).toThrow(/height·width = 4 for probabilities\.length but received 3/);
    expect(() => maskFromProbabilities([0.1, 0.2, 0.3, 0.4] as unknown as Float32Array, [2, 2], [4, 4])).toThrow(TypeError);
    expect(() => maskFromProbabilities(new Float32Array(4), [2, 2], [4, 4], { threshold: 2 })).toThrow(RangeError);
    expect(() => resizeProbabilities(new Float32Array(4), [2, 2], [4, 4], 'cubic' as 'nearest')).toThrow(/method/);
  });
});
