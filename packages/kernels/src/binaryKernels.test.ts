import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

const OPS = {
  add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div, squaredDifference: tf.squaredDifference, maximum: tf.maximum, minimum: tf.minimum,
};
const SHAPES: [number[], number[]][] = [
  [[2, 3, 4, 5], [2, 3, 4, 5]], // equal
  [[2, 3, 4, 5], []], // scalar
  [[], [3, 4, 5]], // scalar on the left
  [[2, 3, 4, 5], [5]], // per-channel vector
  [[1, 1, 1, 5], [2, 3, 4, 5]], // per-channel, on the left
  [[2, 3, 4, 5], [4, 5]], // trailing block
  [[2, 3, 4, 5], [3, 1, 5]], // general broadcast: the stock kernel
  [[4, 1], [1, 3]], // outer product: the stock kernel
];

describe('binary elementwise kernels on maskflow-cpu equal tfjs-backend-cpu', () => {
  it.each(Object.keys(OPS))('%s, on equal, scalar, per-channel and general broadcasts', async (name) => {
    const op = OPS[name as keyof typeof OPS];
    const r = rng(name.length);
    for (const [as, bs] of SHAPES) {
      const av = randomValues(r, as.reduce((p, q) => p * q, 1)), bv = randomValues(r, bs.reduce((p, q) => p * q, 1));
      bv[0] = Number.NaN;
      const { stock, fast } = await onBoth(() => op(tf.tensor(av, as), tf.tensor(bv, bs)));
      expect(fast[0], `${name} ${as} ${bs}`).toEqual(stock[0]);
    }
  });

  it.each(Object.keys(OPS))('%s on tensors large enough for the wasm path, in place and copied', async (name) => {
    const op = OPS[name as keyof typeof OPS];
    const r = rng(name.length + 100);
    const shape = [2, 16, 33, 16]; // 16896 elements: just above the wasm threshold
    const size = shape.reduce((p, q) => p * q);
    const av = randomValues(r, size), bv = randomValues(r, size), cv = randomValues(r, 16);
    av.set([Number.NaN, 0, -0, Infinity]);
    bv.set([1, -0, 0, -Infinity]);
    const { stock, fast } = await onBoth(() => {
      const a = tf.tensor(av, shape), b = tf.tensor(bv, shape), c = tf.tensor1d(cv);
      // tf.abs runs the stock kernel (a JS array); its output feeds the fast kernel: a copied input.
      const x = op(a, b), y = op(x, c), z = op(tf.scalar(0.5), y), w = op(tf.abs(a), x);
      return [x, y, z, w];
    });
    fast.forEach((v, i) => {
      expect(v, `${name} output ${i}`).toEqual(stock[i]);
    });
  });

  it('keeps int32 arithmetic on the stock kernel', async () => {
    const { stock, fast } = await onBoth(() => tf.add(tf.tensor([1, 2, 3], [3], 'int32'), tf.scalar(2, 'int32')));
    expect(fast[0]).toEqual(stock[0]);
    expect(Array.from(fast[0]!)).toEqual([3, 4, 5]);
  });
});
