import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resizeBatch } from './resizeBatch.js';

describe('resizeBatch', () => {
  it('halves images by averaging and masks by majority, keeping them 0/1, and leaves the inputs to the caller', () => {
    // One 4x4 image: each 2x2 block one grey level; its mask: block (0,0) all object, block (0,1) 3 of 4, block (1,0) 1 of 4.
    const x = tf.tensor4d([0.2, 0.2, 0.6, 0.6, 0.2, 0.2, 0.6, 0.6, 0.4, 0.4, 1, 1, 0.4, 0.4, 1, 1].flatMap((v) => [v, v, v]), [1, 4, 4, 3]);
    const y = tf.tensor4d([1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0], [1, 4, 4, 1]);
    const before = tf.memory().numTensors;
    const out = resizeBatch(x, y, [2, 2]);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(out.x.shape).toEqual([1, 2, 2, 3]);
    expect(Array.from(out.x.dataSync()).filter((_, i) => i % 3 === 0).map((v) => +v.toFixed(5))).toEqual([0.2, 0.6, 0.4, 1]);
    expect(out.y?.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(out.y!.dataSync())).toEqual([1, 1, 0, 0]);
    expect(x.isDisposed || y.isDisposed).toBe(false);
    tf.dispose([x, y, out.x, out.y!]);
  });

  it('resizes images alone when there is no mask (prediction batches)', () => {
    const x = tf.ones([2, 10, 10, 3]) as tf.Tensor4D;
    const out = resizeBatch(x, undefined, [8, 6]);
    expect(out.x.shape).toEqual([2, 8, 6, 3]);
    expect(out.y).toBeUndefined();
    expect(Math.min(...out.x.dataSync())).toBeCloseTo(1, 6);
    tf.dispose([x, out.x]);
  });
});
