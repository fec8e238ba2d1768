import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { batchToTensors } from './batchToTensors.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('batchToTensors', () => {
  it('scales images by float32(1/255) like the tutorial and turns 0/1 masks into float32', () => {
    const images = Uint8Array.from([0, 51, 255, 1, 2, 3, 10, 20, 30, 128, 64, 32]); // n=1, 2x2x3
    const masks = Uint8Array.from([0, 1, 1, 0]);
    const { x, y } = batchToTensors(images, masks, { n: 1, height: 2, width: 2 });
    expect(x.shape).toEqual([1, 2, 2, 3]);
    expect(x.dtype).toBe('float32');
    const expected = tf.tidy(() => tf.mul(tf.tensor(Array.from(images), undefined, 'float32'), tf.scalar(1 / 255)).dataSync());
    expect(Array.from(x.dataSync())).toEqual(Array.from(expected));
    expect(x.dataSync()[2]).toBe(1);
    expect(y?.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(y?.dataSync() ?? [])).toEqual([0, 1, 1, 0]);
    tf.dispose([x, y as tf.Tensor]);
  });

  it('works without masks and with other channel counts; the caller owns the tensors', () => {
    const before = tf.memory().numTensors;
    const out = batchToTensors(new Uint8Array(2 * 4 * 4 * 1).fill(255), undefined, { n: 2, height: 4, width: 4, channels: 1 });
    expect(out.y).toBeUndefined();
    expect(out.x.shape).toEqual([2, 4, 4, 1]);
    expect(tf.memory().numTensors).toBe(before + 1);
    out.x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects wrong lengths, 0/255 masks and bad shapes without leaking', () => {
    const before = tf.memory().numTensors;
    const shape = { n: 1, height: 2, width: 2 };
    expect(() => batchToTensors(new Uint8Array(11), undefined, shape)).toThrow(/12 for images\.length but received 11/);
    expect(() => batchToTensors(new Uint8Array(12), new Uint8Array(3), shape)).toThrow(/= 4 for masks\.length/);
    expect(() => batchToTensors(new Uint8Array(12), Uint8Array.from([0, 255, 0, 0]), shape)).toThrow(/0 or 1 for masks\[1\].*divide 0\/255 masks by 255/);
    expect(() => batchToTensors(new Uint8Array(12), undefined, { ...shape, n: 0 })).toThrow(RangeError);
    expect(() => batchToTensors([1, 2] as unknown as Uint8Array, undefined, shape)).toThrow(TypeError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
