import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('FusedBatchNorm gradient on maskflow-cpu equals tfjs-core\'s on tfjs-backend-cpu', () => {
  it.each([
    ['small (JS loops)', [2, 3, 4, 5]],
    ['large, odd channels (wasm on every thread)', [2, 32, 32, 23]],
    ['512 channels', [2, 4, 4, 512]],
  ] as [string, number[]][])('%s', async (_, shape) => {
    const r = rng(shape[3]!);
    const c = shape[3]!;
    const size = shape.reduce((a, b) => a * b);
    const [xv, dyv] = [randomValues(r, size), randomValues(r, size)];
    const [mv, vv, sv, ov] = [randomValues(r, c), randomValues(r, c).map((v) => Math.abs(v) + 0.1), randomValues(r, c), randomValues(r, c)];
    const { stock, fast } = await onBoth(() => {
      const inputs = [tf.tensor(xv, shape), tf.tensor1d(mv), tf.tensor1d(vv), tf.tensor1d(sv), tf.tensor1d(ov)];
      const f = (x: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => tf.batchNorm(x, m, v, o, s, 1e-3);
      return tf.grads(f)(inputs, tf.tensor(dyv, shape));
    });
    expect(fast[0]).toEqual(stock[0]); // dx: same float32 operations
    ['mean', 'variance', 'scale', 'offset'].forEach((name, i) => {
      expectClose(fast[i + 1]!, stock[i + 1]!, `d${name}`, 1e-5);
    });
  });

  it('keeps the tensor count flat across gradient steps', async () => {
    await tf.setBackend('maskflow-cpu');
    const x = tf.randomNormal([2, 16, 16, 64]);
    // tfjs-core cannot take this gradient without a scale (it saves the missing input): layers always pass one.
    const g = tf.grads((a: tf.Tensor, m: tf.Tensor) => tf.sum(tf.batchNorm(a, m, tf.onesLike(m), tf.zerosLike(m), tf.onesLike(m))));
    const m = tf.zeros([64]);
    tf.dispose(g([x, m]));
    const before = tf.memory().numTensors;
    tf.dispose(g([x, m]));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, m]);
    await tf.setBackend('cpu');
  });
});
