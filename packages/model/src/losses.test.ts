import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { bceDiceLoss } from './bceDiceLoss.js';
import { binaryCrossentropy } from './binaryCrossentropy.js';
import { diceCoeff, diceLoss } from './diceCoeff.js';
import { imageDice } from './imageDice.js';
import { meanIoU } from './meanIoU.js';
import { tinyBatch, tinyUNet } from './__tests__/fixtures.js';

type Fn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Evaluate fn on [n, 2, 2, 1] masks given as flat arrays; checks that nothing leaks. */
function run(fn: Fn, truth: number[], pred: number[]): number {
  const n = truth.length / 4;
  const y = tf.tensor4d(truth, [n, 2, 2, 1]);
  const p = tf.tensor4d(pred, [n, 2, 2, 1]);
  const before = tf.memory().numTensors;
  const out = fn(y, p);
  expect(out.rank).toBe(0);
  const value = out.dataSync()[0] as number;
  out.dispose();
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([y, p]);
  return value;
}

const Y = [1, 0, 1, 0];
const P = [0.9, 0.2, 0.6, 0.1];

describe('losses and metrics against hand-computed values', () => {
  it('diceCoeff = (2·1.5 + 1) / (2 + 1.8 + 1) and diceLoss = 1 − that', () => {
    expect(run(diceCoeff, Y, P)).toBeCloseTo(4 / 4.8, 6);
    expect(run(diceLoss, Y, P)).toBeCloseTo(1 - 4 / 4.8, 6);
  });

  it('diceCoeff pools the whole batch, not per image', () => {
    // image 1: Σyp = 1, Σy = 1, Σp = 1; image 2: Σyp = 0, Σy = 0, Σp = 2 → (2 + 1) / (1 + 3 + 1).
    expect(run(diceCoeff, [1, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 1, 1, 0, 0])).toBeCloseTo(3 / 5, 6);
  });

  it('binaryCrossentropy = −mean(log 0.9, log 0.8, log 0.6, log 0.9)', () => {
    const expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6) + Math.log(0.9)) / 4;
    expect(run(binaryCrossentropy, Y, P)).toBeCloseTo(expected, 6);
    expect(run(bceDiceLoss, Y, P)).toBeCloseTo(expected + 1 - 4 / 4.8, 6);
  });

  it('binaryCrossentropy clips predictions to [1e-7, 1 − 1e-7] (a confident wrong pixel is finite)', () => {
    // p = 0 where y = 1: −log(1e-7) / 4 for that pixel; p = 1 where y = 0: −log(1e-7) in float32.
    const value = run(binaryCrossentropy, [1, 0, 0, 0], [0, 0, 0, 0]);
    expect(value).toBeCloseTo(-Math.log(1e-7) / 4, 3);
    expect(Number.isFinite(run(binaryCrossentropy, [0, 0, 0, 0], [1, 1, 1, 1]))).toBe(true);
  });

  it('binaryCrossentropy matches tfjs-layers (Keras port) on random data', () => {
    const y = tf.tensor4d(Array.from({ length: 32 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0), [2, 4, 4, 1]);
    const p = tf.tensor4d(Array.from({ length: 32 }, (_, i) => ((i * 37) % 100) / 100), [2, 4, 4, 1]);
    const ours = binaryCrossentropy(y, p).dataSync()[0] as number;
    const keras = tf.mean(tf.metrics.binaryCrossentropy(y, p)).dataSync()[0] as number;
    expect(ours).toBeCloseTo(keras, 5);
    tf.dispose([y, p]);
  });

  it('meanIoU: foreground 1/3 and background 1/3 at threshold 0.5', () => {
    expect(run(meanIoU, Y, [0.9, 0.7, 0.3, 0.1])).toBeCloseTo(1 / 3, 6);
    // threshold is inclusive (Keras BinaryIoU): 0.5 counts as foreground.
    expect(run(meanIoU, Y, [0.5, 0.49, 0.5, 0])).toBeCloseTo(1, 6);
  });

  it('imageDice: mean of per-image Dice, an image with both masks empty scores 1', () => {
    // image 1: T = {0, 2}, P = {0, 1} → 2·1 / 4 = 0.5; image 2: both empty → 1.
    expect(run(imageDice, [...Y, 0, 0, 0, 0], [0.9, 0.7, 0.3, 0.1, 0.2, 0.1, 0.4, 0])).toBeCloseTo(0.75, 6);
    // image with empty truth but a predicted pixel scores 0.
    expect(run(imageDice, [0, 0, 0, 0], [0.6, 0, 0, 0])).toBe(0);
  });

  it('all-zero masks predicted as all zero: perfect scores, near-zero losses', () => {
    const zeros = [0, 0, 0, 0, 0, 0, 0, 0];
    expect(run(diceCoeff, zeros, zeros)).toBeCloseTo(1, 6);
    expect(run(diceLoss, zeros, zeros)).toBeCloseTo(0, 6);
    expect(run(binaryCrossentropy, zeros, zeros)).toBeLessThan(1e-6);
    expect(run(bceDiceLoss, zeros, zeros)).toBeLessThan(1e-6);
    expect(run(meanIoU, zeros, zeros)).toBeCloseTo(1, 6);
    expect(run(imageDice, zeros, zeros)).toBe(1);
  });

  it('all-zero truth with a confident wrong prediction', () => {
    const zeros = [0, 0, 0, 0];
    const wrong = [0.8, 0.8, 0.8, 0.8];
    expect(run(diceCoeff, zeros, wrong)).toBeCloseTo(1 / 4.2, 6);
    expect(run(meanIoU, zeros, wrong)).toBe(0);
    expect(run(imageDice, zeros, wrong)).toBe(0);
  });

  it('a perfect prediction scores 1 and costs ~0', () => {
    expect(run(diceCoeff, Y, Y)).toBeCloseTo(1, 6);
    expect(run(diceLoss, Y, Y)).toBeCloseTo(0, 6);
    expect(run(binaryCrossentropy, Y, Y)).toBeLessThan(1e-6);
    expect(run(bceDiceLoss, Y, Y)).toBeLessThan(1e-6);
    expect(run(meanIoU, Y, Y)).toBe(1);
    expect(run(imageDice, Y, Y)).toBe(1);
  });

  it('a training step with bceDiceLoss and the metrics leaks no tensors', async () => {
    const model = tinyUNet();
    const { x, y } = tinyBatch();
    await model.trainOnBatch(x, y); // creates the optimizer's moment variables
    const before = tf.memory().numTensors;
    const logs = (await model.trainOnBatch(x, y)) as number[];
    expect(tf.memory().numTensors).toBe(before);
    expect(logs).toHaveLength(3);
    logs.forEach((v) => {
      expect(Number.isFinite(v)).toBe(true);
    });
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('argument checks', () => {
  it('rejects predictions that do not cover the same pixels, without leaking', () => {
    const y = tf.zeros([2, 4, 4, 1]);
    const p = tf.zeros([1, 4, 4, 1]);
    const flat = tf.zeros([2, 4, 4]);
    const before = tf.memory().numTensors;
    for (const fn of [diceCoeff, diceLoss, binaryCrossentropy, bceDiceLoss, meanIoU, imageDice]) {
      expect(() => fn(y, p)).toThrow(RangeError);
      expect(() => fn(y, null as unknown as tf.Tensor)).toThrow(TypeError);
      const ok = fn(flat, y); // [B, H, W] against [B, H, W, 1] is the same pixels
      ok.dispose();
    }
    expect(() => diceCoeff(y, p)).toThrow(/same pixels as yTrue \[2, 4, 4, 1\] for diceCoeff\(yPred\) but received "shape \[1, 4, 4, 1\]"/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([y, p, flat]);
  });
});
