import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';
import { MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL } from './momentsGrad.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('Mean and Square gradients on maskflow-cpu equal tfjs-core\'s on tfjs-backend-cpu, bit for bit', () => {
  it.each([
    ['BatchNorm axes [0, 1, 2] (leading)', [4, 9, 7, 5], [0, 1, 2]],
    ['every axis (a scalar loss)', [3, 5, 2], undefined],
    ['trailing axes [2, 3]', [2, 3, 6, 5], [2, 3]],
    ['axes [0, 2] (not a block: tfjs-core\'s gradient)', [3, 4, 5], [0, 2]],
    ['large leading block, odd channel count', [8, 33, 31, 3], [0, 1, 2]],
  ] as [string, number[], number[] | undefined][])('Mean over %s', async (_, shape, axes) => {
    const r = rng(shape.reduce((a, b) => a * 7 + b, 3));
    const xv = randomValues(r, shape.reduce((a, b) => a * b));
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor(xv, shape);
      const y = tf.mean(x, axes);
      const dy = tf.randomUniform(y.shape, -3, 3, 'float32', 9);
      return tf.grad((t: tf.Tensor) => tf.mean(t, axes))(x, dy);
    });
    expect(fast[0]).toEqual(stock[0]);
  });

  it.each([['small (JS loop)', 41], ['large (wasm on every thread), odd length', 70_001]] as [string, number][])('Square, %s', async (_, size) => {
    const r = rng(size);
    const xv = randomValues(r, size), dyv = randomValues(r, size);
    xv[0] = Number.NaN;
    xv[1] = -0;
    const { stock, fast } = await onBoth(() => tf.grad((x: tf.Tensor) => tf.square(x))(tf.tensor1d(xv), tf.tensor1d(dyv)));
    expect(fast[0]).toEqual(stock[0]);
  });

  it('tf.moments over a BatchNorm layer\'s axes: the whole gradient agrees', async () => {
    const shape = [4, 16, 16, 8];
    const xv = randomValues(rng(5), shape.reduce((a, b) => a * b));
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor(xv, shape), a = tf.randomUniform([8], -1, 1, 'float32', 1), b = tf.randomUniform([8], -1, 1, 'float32', 2);
      return tf.grad((t: tf.Tensor) => {
        const { mean, variance } = tf.moments(t, [0, 1, 2]);
        return tf.sum(tf.add(tf.mul(mean, a), tf.mul(variance, b)));
      })(x);
    });
    expectClose(fast[0]!, stock[0]!, 'dx');
  });

  it('runs one fused kernel per gradient on maskflow-cpu (no Fill of ones, no RealDiv)', async () => {
    await tf.setBackend('maskflow-cpu');
    const x = tf.randomUniform([2, 8, 8, 4]);
    const info = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.moments(t, [0, 1, 2]).variance))(x));
    const names = info.kernels.map((k) => k.name);
    expect(names.filter((n) => n === MEAN_GRAD_KERNEL)).toHaveLength(2);
    expect(names).toContain(SQUARE_GRAD_KERNEL);
    expect(names).not.toContain('Fill');
    expect(names).not.toContain('RealDiv');
    tf.dispose(x);
    await tf.setBackend('cpu');
  });
});
