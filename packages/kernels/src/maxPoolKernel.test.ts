import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('MaxPool on maskflow-cpu equals tfjs-backend-cpu', () => {
  it.each([
    [[2, 8, 6, 3], 2, 2, 'valid'],
    [[1, 7, 5, 4], 2, 2, 'same'],
    [[3, 7, 7, 2], 3, 2, 'same'],
    [[1, 6, 6, 5], 3, 1, 'valid'],
    [[8, 9, 11, 1], 2, 1, 'same'],
    [[1, 4, 4, 512], 2, 2, 'valid'],
    [[2, 5, 5, 3], 1, 1, 'same'],
    // Large enough to split over every thread.
    [[4, 64, 64, 17], 2, 2, 'same'],
  ] as [[number, number, number, number], number, number, 'same' | 'valid'][])('x %j pool %d stride %d %s, with NaN and ties', async (shape, size, stride, pad) => {
    const xv = randomValues(rng(shape[3] + size), shape.reduce((p, q) => p * q));
    for (let i = 0; i < xv.length; i += 2) xv[i] = Math.max(0, xv[i]!);
    for (let i = 0; i < xv.length; i += 7) xv[i] = NaN;
    const { stock, fast } = await onBoth(() => tf.maxPool(tf.tensor4d(xv, shape), size, stride, pad));
    expect(fast[0]).toEqual(stock[0]);
  });

  it('gives -Infinity for an all-NaN window, like tfjs-cpu', async () => {
    const { stock, fast } = await onBoth(() => tf.maxPool(tf.fill([1, 2, 2, 1], NaN) as tf.Tensor4D, 2, 2, 'valid'));
    expect(Array.from(fast[0]!)).toEqual([-Infinity]);
    expect(fast[0]).toEqual(stock[0]);
  });
});
