import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomValues, rng } from './__tests__/compare.js';
import { FAST_CPU_BACKEND, FusedAdamOptimizer, registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

/** Runs `steps` Adam steps of sum(w * target) + sum(w^2) / 2 on `backend`; returns every variable's final values. */
async function train(backend: string, optimizer: () => tf.Optimizer, sizes: number[], steps: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const r = rng(7);
  const vars = sizes.map((n, i) => tf.variable(tf.tensor1d(randomValues(r, n)), true, `w${backend}${i}${sizes.join('_')}`));
  const targets = sizes.map((n) => tf.tensor1d(randomValues(r, n)));
  const opt = optimizer();
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.minimize(() => tf.addN(vars.map((w, i) => tf.add(tf.sum(tf.mul(w, targets[i]!)), tf.mul(0.5, tf.sum(tf.square(w)))))) as tf.Scalar);
    counts.push(tf.memory().numTensors);
  }
  const out = vars.map((w) => w.dataSync() as Float32Array);
  // The moments appear on the first step; after it the tensor count stays flat.
  expect(counts.every((c) => c === counts[0])).toBe(true);
  expect(counts[0]! - before).toBe(2 * sizes.length);
  opt.dispose();
  tf.dispose([...vars, ...targets]);
  await tf.setBackend('cpu');
  return out;
}

describe('FusedAdamOptimizer', () => {
  it.each([
    ['small variables (JS loop)', [1, 7, 300]],
    ['large variables (wasm on every thread, odd length)', [40_003, 70_000]],
  ])('on maskflow-cpu gives bit-identical weights to tf.train.adam on tfjs-cpu: %s', async (_, sizes) => {
    const stock = await train('cpu', () => tf.train.adam(0.01), sizes as number[], 4);
    const fused = await train(FAST_CPU_BACKEND, () => new FusedAdamOptimizer(0.01), sizes as number[], 4);
    fused.forEach((values, i) => {
      expect(values).toEqual(stock[i]);
    });
    expect(stock[0]).not.toEqual(Float32Array.from(randomValues(rng(7), (sizes as number[])[0]!)));
  });

  it('keeps tfjs Adam\'s class name, config and weights (checkpoints load either way)', async () => {
    await tf.setBackend(FAST_CPU_BACKEND);
    const opt = new FusedAdamOptimizer(0.002, 0.8, 0.99, 1e-6);
    const w = tf.variable(tf.ones([3]), true, 'fusedAdamNames');
    opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
    expect(opt.getClassName()).toBe('Adam');
    expect(opt.getConfig()).toEqual(tf.train.adam(0.002, 0.8, 0.99, 1e-6).getConfig());
    expect((await opt.getWeights()).map((x) => x.name)).toEqual(['iter', 'fusedAdamNames/m', 'fusedAdamNames/v']);
    opt.dispose();
    w.dispose();
    await tf.setBackend('cpu');
  });
});
