import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_CPU_BACKEND, registerFastCpuBackend } from './index.js';
import { OutputPool } from './outputPool.js';

describe('OutputPool', () => {
  it('reuses released arrays of the same length, never escaped ones, within its byte cap', () => {
    const pool = new OutputPool(64);
    const a = pool.take(8);
    pool.release(a);
    expect(pool.take(8)).toBe(a);
    pool.release(a);
    pool.release(a); // a double release must not hand the array out twice
    expect(pool.take(8)).toBe(a);
    expect(pool.take(8)).not.toBe(a);
    const b = pool.take(4);
    pool.escape(b.subarray(1));
    pool.release(b);
    expect(pool.take(4)).not.toBe(b);
    const big = pool.take(32); // 128 bytes: over the cap, dropped
    pool.release(big);
    expect(pool.take(32)).not.toBe(big);
    pool.release(new Float32Array(8)); // not from the pool: ignored
  });
});

describe("maskflow-cpu's recycled outputs", () => {
  beforeAll(async () => {
    await registerFastCpuBackend();
  });

  it('never overwrite an array returned by dataSync after its tensor is disposed', async () => {
    await tf.setBackend(FAST_CPU_BACKEND);
    const a = tf.tensor1d([1, 2, 3, 4]);
    const y = tf.mul(a, tf.scalar(2));
    const values = y.dataSync();
    y.dispose();
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.mul(a, tf.scalar(100 + i)).dataSync());
    expect(Array.from(values)).toEqual([2, 4, 6, 8]);
    a.dispose();
    await tf.setBackend('cpu');
  });

  it('keep a slice view valid after the sliced tensor is disposed', async () => {
    await tf.setBackend(FAST_CPU_BACKEND);
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const y = tf.mul(a, tf.scalar(10));
    const rows = tf.slice(y, [1, 0], [2, 2]); // a continuous slice: tfjs-cpu returns a subarray view
    y.dispose();
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.mul(a, tf.scalar(-1)));
    expect(Array.from(rows.dataSync())).toEqual([30, 40, 50, 60]);
    tf.dispose([a, rows]);
    await tf.setBackend('cpu');
  });
});
