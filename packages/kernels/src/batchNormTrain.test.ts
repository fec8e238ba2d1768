import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBoth, randomValues, rng } from './__tests__/compare.js';
import { BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, batchNormTraining, registerFastCpuBackend } from './index.js';

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

describe('batch norm then ReLU in training: one kernel pair on maskflow-cpu', () => {
  /** relu(batch norm) through batchNormTraining's ReLU option where the backend has the kernels, else tfjs-layers' composition. */
  function trainRelu(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor[] {
    const fused = batchNormTraining(x, scale, offset, 1e-3, true);
    if (fused) return fused;
    const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
    return [tf.relu(tf.batchNorm(x, mean, variance, offset, scale, 1e-3)), mean, variance];
  }

  /** y, mean, variance and the gradients of x, scale and offset for sum(y * dy) + sum(mean * dm) + sum(variance * dv). */
  function withGradients(run: typeof trainRelu, xv: Float32Array, shape: number[], dyv: Float32Array, params: Float32Array[]): tf.Tensor[] {
    const [sv, ov, dmv, dvv] = params;
    const x = tf.tensor(xv, shape), s = tf.tensor1d(sv!), o = tf.tensor1d(ov!);
    const [dy, dm, dv] = [tf.tensor(dyv, shape), tf.tensor1d(dmv!), tf.tensor1d(dvv!)];
    const loss = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) => {
      const [y, mean, variance] = run(a, b, d);
      return tf.addN([tf.sum(tf.mul(y!, dy)), tf.sum(tf.mul(mean!, dm)), tf.sum(tf.mul(variance!, dv))]);
    };
    return [...run(x, s, o), ...tf.grads(loss)([x, s, o])];
  }

  it.each([
    ['small NHWC (JS loops)', [2, 3, 5, 4]],
    ['large, odd channels (wasm on every thread)', [3, 17, 19, 23]],
    ['rank 2', [300, 7]],
  ] as [string, number[]][])('%s: equals tf.relu after the batch norm on tfjs-backend-cpu, output and every gradient', async (_, shape) => {
    const r = rng(shape.length * 17 + shape[shape.length - 1]!);
    const c = shape[shape.length - 1]!;
    const size = shape.reduce((a, b) => a * b);
    const xv = randomValues(r, size), dyv = randomValues(r, size);
    const params = [randomValues(r, c), randomValues(r, c), randomValues(r, c), randomValues(r, c)];
    const { stock, fast } = await onBoth(() => withGradients(trainRelu, xv, shape, dyv, params));
    // About half of the outputs are ReLU's zeros, and their gradients are cut there.
    const zeros = fast[0]!.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(size / 5);
    expect(zeros).toBeLessThan((4 * size) / 5);
    ['y', 'mean', 'variance', 'dx', 'dscale', 'doffset'].forEach((name, i) => {
      expectClose(fast[i]!, stock[i]!, name, name === 'dx' ? 1e-4 : 2e-5);
    });
  });

  it('gives what the batch-norm kernel then tf.relu give on maskflow-cpu, bit for bit, with the pair of kernels and without ReLU\'s', async () => {
    await tf.setBackend('maskflow-cpu');
    const shape = [2, 24, 24, 16];
    const r = rng(5);
    const size = shape.reduce((a, b) => a * b);
    const xv = randomValues(r, size), dyv = randomValues(r, size);
    const params = [randomValues(r, 16), randomValues(r, 16), randomValues(r, 16), randomValues(r, 16)];
    const read = (ts: tf.Tensor[]) => { const v = ts.map((t) => t.dataSync().slice()); tf.dispose(ts); return v; };
    const names: string[] = [];
    const profile = await tf.profile(() => read(withGradients(trainRelu, xv, shape, dyv, params)));
    for (const k of profile.kernels) names.push(k.name);
    const fused = profile.result as Float32Array[];
    const composed = read(withGradients((x, s, o) => {
      const [y, mean, variance] = batchNormTraining(x, s, o, 1e-3)!;
      return [tf.relu(y!), mean!, variance!];
    }, xv, shape, dyv, params));
    await tf.setBackend('cpu');
    expect(names).toContain(BATCH_NORM_RELU_TRAIN_KERNEL);
    expect(names).toContain(BATCH_NORM_RELU_TRAIN_GRAD_KERNEL);
    expect(names).not.toContain('Relu');
    for (const [i, v] of fused.entries()) expect(Array.from(v), `output ${i}`).toEqual(Array.from(composed[i]!));
  });
});
