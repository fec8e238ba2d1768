import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('Concat, SplitV and Tile on maskflow-cpu equal tfjs-backend-cpu', () => {
  it.each([
    [[2, 3, 4, 6], [2, 4], 3],
    [[2, 3, 4, 6], 2, -1],
    [[2, 3, 4, 6], [1, 2], 1],
    [[5, 3], [2, -1], 0],
    [[2, 3, 70], [64, 6], 2], // a long run (block copy) and a short one (loop)
  ] as [number[], number | number[], number][])('split %j into %j on axis %d', async (shape, splits, axis) => {
    const xv = randomValues(rng(4), shape.reduce((p, q) => p * q));
    const { stock, fast } = await onBoth(() => {
      const parts = tf.split(tf.tensor(xv, shape), splits, axis);
      return [...parts, tf.tensor1d(parts.flatMap((p) => p.shape))];
    });
    expect(fast).toEqual(stock);
  });

  it.each([
    [[[2, 3, 4, 6], [2, 3, 4, 5]], 3],
    [[[2, 3, 4, 6], [2, 3, 4, 70], [2, 3, 4, 1]], -1],
    [[[2, 3, 4, 6], [2, 1, 4, 6]], 1],
    [[[5, 3], [2, 3], [0, 3]], 0],
    [[[4, 7]], 1],
  ] as [number[][], number][])('concat %j on axis %d', async (shapes, axis) => {
    const r = rng(7);
    const values = shapes.map((s) => randomValues(r, s.reduce((p, q) => p * q, 1)));
    const { stock, fast } = await onBoth(() => {
      const y = tf.concat(shapes.map((s, i) => tf.tensor(values[i]!, s)), axis);
      return [y, tf.tensor1d(y.shape)];
    });
    expect(fast).toEqual(stock);
  });

  it('concat gradient (SplitV) through a channel concat', async () => {
    const a = randomValues(rng(8), 2 * 3 * 3 * 4), b = randomValues(rng(9), 2 * 3 * 3 * 3);
    const { stock, fast } = await onBoth(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.concat([x, y], 3))))([tf.tensor4d(a, [2, 3, 3, 4]), tf.tensor4d(b, [2, 3, 3, 3])]));
    expect(fast).toEqual(stock);
  });

  // From 16 K floats tensors live in the shared wasm memory, so these take the wasm copy_runs
  // path (from 2^18 floats on every thread): the U-Net decoder's skip + upsampled concat and its
  // gradient, with NaN and -0 carried bit for bit.
  it.each([
    [[2, 32, 32, 8], [2, 32, 32, 8]],
    [[4, 64, 64, 16], [4, 64, 64, 16]],
    [[2, 16, 16, 70], [2, 16, 16, 3]],
  ] as [number[], number[]][])('concat %j with %j on the channel axis, and its SplitV gradient, in the wasm memory', async (sa, sb) => {
    const a = randomValues(rng(10), sa.reduce((p, q) => p * q)), b = randomValues(rng(11), sb.reduce((p, q) => p * q));
    a.set([Number.NaN, -0, Infinity]);
    const { stock, fast } = await onBoth(() => {
      const [x, y] = [tf.tensor(a, sa), tf.tensor(b, sb)];
      const z = tf.concat([x, y], 3);
      return [z, ...tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.concat([p, q], 3), z)))([tf.relu(x), y])];
    });
    expect(fast.map((v) => Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length)))).toEqual(stock.map((v) => Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length))));
  });

  it.each([
    [[1, 1, 1, 5], [2, 3, 4, 1]],
    [[2, 3], [3, 5]],
    [[3], [7]],
    [[2, 1, 3], [1, 1, 1]],
  ] as [number[], number[]][])('tile %j by %j', async (shape, reps) => {
    const xv = randomValues(rng(5), shape.reduce((p, q) => p * q));
    const { stock, fast } = await onBoth(() => {
      const y = tf.tile(tf.tensor(xv, shape), reps);
      return [y, tf.tensor1d(y.shape)];
    });
    expect(fast).toEqual(stock);
  });
});
