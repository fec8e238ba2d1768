import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, it } from 'vitest';
import { expectClose, onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('Sum and Mean on maskflow-cpu equal tfjs-backend-cpu', () => {
  const axes: (number | number[] | undefined)[] = [undefined, 0, [0, 1, 2], [0, 1], 3, -1, [2, 3], [1, 2], [0, 2], 1];
  it.each(axes.flatMap((axis) => [[axis, false], [axis, true]] as const))('axis %j keepDims %s', async (axis, keepDims) => {
    const xv = randomValues(rng(2), 3 * 5 * 7 * 9);
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor4d(xv, [3, 5, 7, 9]);
      const s = tf.sum(x, axis, keepDims), m = tf.mean(x, axis, keepDims);
      return [s, m, tf.tensor1d(s.shape.concat(m.shape))];
    });
    fast.forEach((v, i) => {
      expectClose(v, stock[i]!, `output ${i}`, 1e-6);
    });
  });

  it.each([[[0, 1, 2]], [[0]], [[3]], [[2, 3]], [undefined]] as [number[] | undefined][])('axis %j on a tensor large enough for the wasm path', async (axis) => {
    const xv = randomValues(rng(3), 4 * 29 * 31 * 7);
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor4d(xv, [4, 29, 31, 7]);
      return [tf.sum(x, axis), tf.mean(x, axis, true)];
    });
    fast.forEach((v, i) => {
      expectClose(v, stock[i]!, `output ${i}`, 1e-6);
    });
  });
});
