import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

type Case = [[number, number, number, number], number, number, 'same' | 'valid'];

describe('DepthwiseConv2dNative and its gradients on maskflow-cpu equal tfjs-backend-cpu', () => {
  it.each([
    [[2, 8, 6, 4], 3, 1, 'same'],
    [[1, 8, 8, 6], 3, 2, 'same'],
    [[3, 7, 7, 5], 3, 2, 'same'],
    [[1, 9, 6, 3], 3, 1, 'valid'],
    [[2, 5, 5, 8], 2, 2, 'valid'],
    [[1, 6, 6, 1], 5, 1, 'same'],
    // 16-channel blocks, then a 4-channel one, then 3 one by one; a filter over 8x8 (64 taps) runs the stock kernel.
    [[2, 9, 7, 23], 3, 2, 'valid'],
    [[1, 10, 10, 2], 9, 1, 'same'],
    // Rows enough for every thread's share, and MobileNetV2's widest layer.
    [[4, 24, 24, 144], 3, 1, 'same'],
    [[2, 6, 6, 576], 3, 2, 'same'],
  ] as Case[])('x %j filter %d stride %d %s: output, input and filter gradients', async (shape, k, stride, pad) => {
    const channels = shape[3];
    const rand = rng(channels * 31 + k);
    const xv = randomValues(rand, shape.reduce((p, q) => p * q));
    const wv = randomValues(rand, k * k * channels);
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor4d(xv, shape);
      const w = tf.tensor4d(wv, [k, k, channels, 1]);
      const f = (xi: tf.Tensor4D, wi: tf.Tensor4D) => tf.depthwiseConv2d(xi, wi, stride, pad);
      const y = f(x, w);
      // A weighting that is not uniform, so every output pixel's gradient differs.
      const weight = tf.tensor4d(randomValues(rng(7), y.size), y.shape as [number, number, number, number]);
      const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor4D, wi as tf.Tensor4D), weight)))([x, w]);
      return [y, dx!, dw!];
    });
    expectClose(fast[0]!, stock[0]!, 'output', 1e-5);
    expectClose(fast[1]!, stock[1]!, 'input gradient', 1e-5);
    expectClose(fast[2]!, stock[2]!, 'filter gradient', 1e-5);
  });

  it('leaves a channel multiplier above 1 to tfjs-cpu, with the same result', async () => {
    const xv = randomValues(rng(3), 2 * 5 * 5 * 3);
    const wv = randomValues(rng(4), 3 * 3 * 3 * 2);
    const { stock, fast } = await onBoth(() => tf.depthwiseConv2d(tf.tensor4d(xv, [2, 5, 5, 3]), tf.tensor4d(wv, [3, 3, 3, 2]), 1, 'same'));
    expect(fast[0]).toEqual(stock[0]);
  });
});
