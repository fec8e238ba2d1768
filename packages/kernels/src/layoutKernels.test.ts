import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('SplitV and Tile on maskflow-cpu equal tfjs-backend-cpu', () => {
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
