import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, randomValues, rng } from './__tests__/compare.js';
import { tinyUNet } from './__tests__/tinyUNet.js';
import { FAST_CPU_BACKEND, registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

/** Trains a seeded tiny U-Net for `steps` SGD steps on `backend`; returns its final weights and losses. */
async function train(backend: string, steps: number): Promise<{ weights: Float32Array[]; losses: number[]; leaked: number }> {
  await tf.setBackend(backend);
  const r = rng(42);
  const images = randomValues(r, 2 * 16 * 16 * 3);
  const masks = Float32Array.from(randomValues(r, 2 * 16 * 16), (v) => (v > 0 ? 1 : 0));
  const model = tinyUNet(16, 4, 2);
  // SGD, not Adam: the conv biases before BatchNorm get a zero gradient up to rounding noise,
  // which Adam would normalise into full-size steps of random sign on either backend.
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy' });
  const x = tf.tensor4d(images, [2, 16, 16, 3]), y = tf.tensor4d(masks, [2, 16, 16, 1]);
  const losses: number[] = [];
  await model.trainOnBatch(x, y);
  const before = tf.memory().numTensors;
  for (let i = 0; i < steps; i++) losses.push((await model.trainOnBatch(x, y)) as number);
  const leaked = tf.memory().numTensors - before;
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  return { weights, losses, leaked };
}

describe('a U-Net trained on maskflow-cpu', () => {
  it('ends with the weights tfjs-backend-cpu gives, without leaking tensors', async () => {
    const stock = await train('cpu', 3);
    const fast = await train(FAST_CPU_BACKEND, 3);
    expect(fast.weights.length).toBe(stock.weights.length);
    fast.weights.forEach((w, i) => {
      expectClose(w, stock.weights[i]!, `weight ${i}`, 1e-3);
    });
    fast.losses.forEach((loss, i) => {
      expect(loss).toBeCloseTo(stock.losses[i]!, 4);
    });
    expect(fast.losses[2]).toBeLessThan(fast.losses[0]!);
    expect(fast.leaked).toBe(0);
    await tf.setBackend('cpu');
  });
});
