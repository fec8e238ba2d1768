import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('MaxPoolGrad on maskflow-cpu equals tfjs-backend-cpu', () => {
  it.each([
    [[2, 8, 6, 3], 2, 2, 'valid'],
    [[1, 7, 5, 4], 2, 2, 'same'],
    [[2, 7, 7, 2], 3, 2, 'same'],
    [[1, 6, 6, 5], 3, 1, 'valid'],
    [[8, 9, 7, 32], 2, 2, 'same'],
    [[2, 8, 8, 3], 2, 3, 'valid'],
    // Odd sizes with 'valid': the last row and column lie outside every window (dx zeroed first).
    [[3, 9, 7, 6], 2, 2, 'valid'],
    // Large enough to split over every thread.
    [[4, 64, 64, 16], 2, 2, 'same'],
  ] as [[number, number, number, number], number, number, 'same' | 'valid'][])('x %j pool %d stride %d %s, with ties', async (shape, size, stride, pad) => {
    const xv = randomValues(rng(6), shape.reduce((p, q) => p * q));
    // ReLU-like zeros make ties: the gradient must pick the same winner as tfjs-cpu.
    for (let i = 0; i < xv.length; i += 2) xv[i] = Math.max(0, xv[i]!);
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor4d(xv, shape);
      const f = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, size, stride, pad);
      const w = tf.randomUniform(f(x).shape, 0, 1, 'float32', 3);
      return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(f(a), w)))(x);
    });
    expect(fast[0]).toEqual(stock[0]);
  });
});
