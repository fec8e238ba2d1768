import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBoth, randomValues, rng } from './__tests__/compare.js';
import { batchNormTraining, registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

/** The fused op where the backend has it, else tfjs-layers' composition (tf.moments, then tf.batchNorm). */
function train(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor[] {
  const fused = batchNormTraining(x, scale, offset, 1e-3);
  if (fused) return fused;
  const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
  return [tf.batchNorm(x, mean, variance, offset, scale, 1e-3), mean, variance];
}

describe('batch norm in training on maskflow-cpu equals tf.moments + tf.batchNorm on tfjs-backend-cpu', () => {
  it.each([
    ['small NHWC (JS loops)', [2, 3, 5, 4], 0, 1],
    ['large, odd channels (wasm on every thread)', [3, 17, 19, 23], 0, 1],
    ['rank 2', [300, 7], 0, 1],
    ['channel means far from zero', [2, 64, 64, 5], 50, 0.5],
  ] as [string, number[], number, number][])('%s: y, statistics and every gradient', async (_, shape, shift, spread) => {
    const r = rng(shape.length * 31 + shape[shape.length - 1]!);
    const c = shape[shape.length - 1]!;
    const size = shape.reduce((a, b) => a * b);
    const xv = randomValues(r, size).map((v) => shift + spread * v);
    const [dyv, sv, ov, dmv, dvv] = [randomValues(r, size), randomValues(r, c), randomValues(r, c), randomValues(r, c), randomValues(r, c)];
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor(xv, shape), s = tf.tensor1d(sv), o = tf.tensor1d(ov);
      const [dy, dm, dv] = [tf.tensor(dyv, shape), tf.tensor1d(dmv), tf.tensor1d(dvv)];
      // A loss whose gradients with respect to y, mean and variance are dy, dmean and dvariance.
      const loss = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) => {
        const [y, mean, variance] = train(a, b, d);
        return tf.addN([tf.sum(tf.mul(y!, dy)), tf.sum(tf.mul(mean!, dm)), tf.sum(tf.mul(variance!, dv))]);
      };
      return [...train(x, s, o), ...tf.grads(loss)([x, s, o])];
    });
    ['y', 'mean', 'variance', 'dx', 'dscale', 'doffset'].forEach((name, i) => {
      expectClose(fast[i]!, stock[i]!, name, name === 'dx' ? 1e-4 : 2e-5);
    });
  });

  it('runs the fused kernels on maskflow-cpu and composes elsewhere', async () => {
    const x = () => tf.ones([2, 2, 3]), p = () => tf.ones([3]);
    await tf.setBackend('cpu');
    expect(tf.tidy(() => batchNormTraining(x(), p(), p(), 1e-3) === undefined)).toBe(true);
    await tf.setBackend('maskflow-cpu');
    expect(tf.tidy(() => batchNormTraining(x(), p(), p(), 1e-3)?.length)).toBe(3);
    expect(tf.tidy(() => batchNormTraining(x(), tf.ones([2]), p(), 1e-3) === undefined)).toBe(true); // scale not [C]
    await tf.setBackend('cpu');
  });

  it('keeps the tensor count flat across gradient steps', async () => {
    await tf.setBackend('maskflow-cpu');
    const x = tf.randomNormal([2, 16, 16, 64]), s = tf.ones([64]), o = tf.zeros([64]);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) => tf.sum(tf.square(batchNormTraining(a, b, d, 1e-3)![0]!)));
    tf.dispose(g([x, s, o]));
    const before = tf.memory().numTensors;
    tf.dispose(g([x, s, o]));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, s, o]);
    await tf.setBackend('cpu');
  });
});
