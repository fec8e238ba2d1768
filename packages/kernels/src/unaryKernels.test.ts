import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('unary kernels on maskflow-cpu equal tfjs-backend-cpu', () => {
  const values = randomValues(rng(9), 3 * 4 * 5);
  values.set([0, Number.NaN, -0, 40, -40]);
  const ops: Record<string, (x: tf.Tensor) => tf.Tensor> = {
    relu: tf.relu, sqrt: (x) => tf.sqrt(tf.abs(x)), rsqrt: (x) => tf.rsqrt(tf.abs(x)), square: tf.square, neg: tf.neg, sigmoid: tf.sigmoid,
    log: (x) => tf.log(tf.abs(x)), logOfNegative: tf.log,
    step: (x) => tf.step(x, 0.25), reluGrad: (x) => tf.grad((a: tf.Tensor) => tf.sum(tf.relu(a)))(x),
  };
  it.each(Object.keys(ops))('%s, with NaN, zeros and large values', async (name) => {
    const { stock, fast } = await onBoth(() => ops[name]!(tf.tensor3d(values, [3, 4, 5])));
    expect(fast[0]).toEqual(stock[0]);
  });

  it.each(Object.keys(ops))('%s on a tensor large enough for the wasm path', async (name) => {
    const big = randomValues(rng(name.length), 3 * 61 * 97);
    big.set([0, Number.NaN, -0, 40, -40, Infinity, -Infinity]);
    const { stock, fast } = await onBoth(() => ops[name]!(tf.tensor3d(big, [3, 61, 97])));
    expect(fast[0]).toEqual(stock[0]);
  });

  it('keeps int32 on the stock kernel', async () => {
    const { stock, fast } = await onBoth(() => tf.neg(tf.tensor1d([1, -2], 'int32')));
    expect(fast[0]).toEqual(stock[0]);
  });
});
