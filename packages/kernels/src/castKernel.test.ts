import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, rng } from './__tests__/compare.js';
import { FAST_CPU_BACKEND, registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Plain numbers: tfjs-cpu hands out the input's Uint8Array or Int32Array for such a float32 tensor. */
function numbers(arrays: ArrayLike<number>[]): number[][] {
  return arrays.map((a) => Array.from(a));
}

/** The typed array maskflow-cpu holds for `t`. */
function storage(t: tf.Tensor): unknown {
  return (tf.backend() as MathBackendCPU).data.get(t.dataId).values;
}

describe('Cast to float32 on maskflow-cpu', () => {
  const p = randomValues(rng(3), 2 * 130 * 131);

  it('a bool mask becomes a Float32Array with the same values as tfjs-cpu', async () => {
    const { stock, fast } = await onBoth(() => tf.cast(tf.greater(tf.tensor2d(p, [2 * 130, 131]), 0), 'float32'));
    expect(numbers(fast)).toEqual(numbers(stock));
    await tf.setBackend(FAST_CPU_BACKEND);
    const mask = tf.cast(tf.greater(tf.tensor1d(p), 0), 'float32');
    expect(storage(mask)).toBeInstanceOf(Float32Array);
    expect(mask.dtype).toBe('float32');
    mask.dispose();
  });

  it('int32 values cast exactly, and the cast mask multiplies like tfjs-cpu (the loss pattern)', async () => {
    const ints = Int32Array.from({ length: 300 }, (_, i) => i * 7 - 1000);
    const { stock, fast } = await onBoth(() => tf.cast(tf.tensor1d(ints, 'int32'), 'float32'));
    expect(numbers(fast)).toEqual(numbers(stock));
    const loss = () => {
      const x = tf.tensor1d(p);
      const y = tf.cast(tf.greater(x, 0.2), 'float32');
      return [tf.mul(y, tf.log(tf.abs(x))), tf.sub(1, y)];
    };
    const both = await onBoth(loss);
    expect(numbers(both.fast)).toEqual(numbers(both.stock));
  });

  it('leaves other casts to tfjs-cpu (float32 to int32 and bool, int32 to bool)', async () => {
    const { stock, fast } = await onBoth(() => [
      tf.cast(tf.cast(tf.tensor1d([1.7, -2.2, 0]), 'int32'), 'float32'),
      tf.cast(tf.cast(tf.tensor1d([1.7, 0, -0.5]), 'bool'), 'float32'),
      tf.cast(tf.cast(tf.tensor1d([3, 0, -1], 'int32'), 'bool'), 'float32'),
    ]);
    expect(numbers(fast)).toEqual(numbers(stock));
  });

  it('keeps the tensor count flat', async () => {
    await tf.setBackend(FAST_CPU_BACKEND);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.cast(tf.greater(tf.tensor1d(p), 0), 'float32');
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
