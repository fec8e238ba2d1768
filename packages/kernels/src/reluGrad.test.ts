import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('Relu gradient on maskflow-cpu equals tfjs-core\'s on tfjs-backend-cpu, bit for bit', () => {
  it.each([
    ['small (JS loop), zeros, NaN and negative gradients', 37],
    ['large (wasm on every thread), odd length', 70_001],
  ])('%s', async (_, size) => {
    const r = rng(size);
    const xv = randomValues(r, size), dyv = randomValues(r, size);
    xv[0] = 0;
    xv[1] = Number.NaN;
    xv[2] = -0;
    dyv[3] = -1;
    xv[3] = -2; // -1 * 0 = -0: the sign of zero matches too
    const { stock, fast } = await onBoth(() => tf.grad((x: tf.Tensor) => tf.relu(x))(tf.tensor1d(xv), tf.tensor1d(dyv)));
    expect(Object.is(fast[0]![3], -0)).toBe(true);
    expect(fast[0]).toEqual(stock[0]);
  });
});
