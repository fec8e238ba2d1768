import { describe, expect, it } from 'vitest';
import { fasterOf, type TorchResult } from './pytorchReference.js';

const result = (imagesPerSecond: number, size = 64): TorchResult =>
  ({ size, baseFilters: 8, depth: 5, batch: 8, msPerStep: 8000 / imagesPerSecond, cpuMsPerStep: 1, imagesPerSecond });

describe('fasterOf', () => {
  it('keeps, per config, the run with more images per second', () => {
    const nhwc = [result(4.6, 128), result(47)];
    const nchw = [result(6.2, 128), result(45)];
    expect(fasterOf(nhwc, nchw)).toEqual([nchw[0], nhwc[1]]);
  });
});
