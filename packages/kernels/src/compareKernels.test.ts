import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('comparisons, LogicalAnd and Select on maskflow-cpu equal tfjs-backend-cpu', () => {
  const xv = randomValues(rng(8), 2 * 7 * 5 * 3), yv = randomValues(rng(9), 2 * 7 * 5 * 3);
  xv[0] = Number.NaN;
  yv[1] = xv[1]!; // a tie
  const ops = { less: tf.less, lessEqual: tf.lessEqual, greater: tf.greater, greaterEqual: tf.greaterEqual, equal: tf.equal, notEqual: tf.notEqual };

  it.each(Object.keys(ops))('%s: equal shapes, a scalar on either side, a size-1 operand of higher rank, a [C] broadcast (stock)', async (name) => {
    const op = ops[name as keyof typeof ops];
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor4d(xv, [2, 7, 5, 3]), y = tf.tensor4d(yv, [2, 7, 5, 3]);
      return [op(x, y), op(x, tf.scalar(0.25)), op(tf.scalar(-0.5), y), op(tf.tensor1d([0.1]), tf.tensor2d([[0.2]])), op(x, tf.tensor1d([0, 0.5, -0.5]))].map((t) => tf.cast(t, 'float32'));
    });
    fast.forEach((v, i) => {
      // Values, not array classes: tfjs-cpu's float32 cast of a bool shares its Uint8Array, maskflow-cpu's is a Float32Array.
      expect(Array.from(v), `case ${i}`).toEqual(Array.from(stock[i]!));
    });
  });

  it('LogicalAnd and Select (where) of the loss\'s clipping gradient', async () => {
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor4d(xv, [2, 7, 5, 3]), y = tf.tensor4d(yv, [2, 7, 5, 3]);
      const inside = tf.logicalAnd(tf.greaterEqual(x, tf.scalar(-0.5)), tf.lessEqual(x, tf.scalar(0.5)));
      return [tf.cast(inside, 'float32'), tf.where(inside, x, y), tf.grad((t: tf.Tensor) => tf.sum(tf.clipByValue(t, -0.5, 0.5)))(x)];
    });
    fast.forEach((v, i) => {
      // Values, not array classes: tfjs-cpu's float32 cast of a bool shares its Uint8Array, maskflow-cpu's is a Float32Array.
      expect(Array.from(v), `case ${i}`).toEqual(Array.from(stock[i]!));
    });
  });
});
