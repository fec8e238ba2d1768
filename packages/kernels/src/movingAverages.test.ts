import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomValues, rng } from './__tests__/compare.js';
import { FAST_CPU_BACKEND, MOVING_AVERAGES_KERNEL, movingAverages, registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** tfjs-layers' update on tfjs-cpu: v - (v - value) * (1 - momentum), three kernels. */
async function layersUpdate(moving: Float32Array, value: Float32Array, momentum: number): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const out = tf.tidy(() => {
    const v = tf.tensor1d(moving);
    return tf.sub(v, tf.mul(tf.sub(v, tf.tensor1d(value)), 1 - momentum));
  });
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

describe('moving-average updates on maskflow-cpu', () => {
  const r = rng(21);
  // 40 K elements: csrc/moving_average.c on the threads; the others: the JS loop.
  const pairs = [3, 64, 257, 40_000].map((c) => [randomValues(r, c), randomValues(r, c).map((x) => x * 40)] as const);

  it.each([0.9, 0.99, 0.5])('equal tfjs-layers\' three-kernel update bit for bit, every pair in one kernel call (momentum %s)', async (momentum) => {
    const expected = await Promise.all(pairs.map(([m, v]) => layersUpdate(m, v, momentum)));
    await tf.setBackend(FAST_CPU_BACKEND);
    const calls: string[] = [];
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => {
      const inputs = pairs.map(([m, v]) => [tf.tensor1d(m), tf.tensor1d(v)] as const);
      tf.dispose([...inputs.flat(), ...movingAverages(inputs, momentum)]);
    });
    for (const k of profile.kernels) calls.push(k.name);
    expect(calls).toEqual([MOVING_AVERAGES_KERNEL]);
    expect(tf.memory().numTensors).toBe(before);
    const got = tf.tidy(() => movingAverages(pairs.map(([m, v]) => [tf.tensor1d(m), tf.tensor1d(v)] as const), momentum));
    const values = await Promise.all(got.map((t) => t.data()));
    tf.dispose(got);
    // The first differing element per pair (-1: none), so a failure prints an index, not 40 K numbers.
    const firstDiff = values.map((v, i) => v.findIndex((x, k) => !Object.is(x, expected[i]![k])));
    expect(firstDiff).toEqual(pairs.map(() => -1));
  });

  it('composes tf.sub and tf.mul on a backend without the kernel (tfjs-cpu), with the same values', async () => {
    const [m, v] = pairs[1]!;
    const expected = await layersUpdate(m, v, 0.9);
    await tf.setBackend('cpu');
    const [out] = tf.tidy(() => movingAverages([[tf.tensor1d(m), tf.tensor1d(v)]], 0.9));
    expect(Array.from(await out!.data())).toEqual(Array.from(expected));
    out!.dispose();
  });

  it('names the pair when its sizes differ', async () => {
    await tf.setBackend(FAST_CPU_BACKEND);
    const inputs = { moving0: tf.tensor1d([1, 2]), value0: tf.tensor1d([1, 2, 3]) };
    expect(() => tf.engine().runKernel(MOVING_AVERAGES_KERNEL, inputs, { momentum: 0.9 })).toThrow(/pair 0/);
    tf.dispose(Object.values(inputs));
  });
});
