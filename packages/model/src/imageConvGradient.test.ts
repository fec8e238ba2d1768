import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { countKernelCalls, tinyBatch, unetStepOf } from './__tests__/fixtures.js';
import { bceDiceLoss } from './bceDiceLoss.js';
import { buildUNet, type UNetOptions } from './buildUNet.js';
import { skipImageGradients } from './imageConvGradient.js';

const SIZE = 16;
const tutorial: UNetOptions = { inputSize: [SIZE, SIZE], baseFilters: 2, depth: 2, seed: 3 };
const mobileNet: UNetOptions = { inputSize: [SIZE, SIZE], baseFilters: 2, maxFilters: 4, depth: 4, seed: 3, encoder: 'mobilenet_v2', encoderWeights: 'none' };

/** One step's loss, gradients and weights after it, on a fresh model, with or without the image convs' skip. */
const stepOf = (options: UNetOptions, skip: boolean) => unetStepOf(options, SIZE, skip ? skipImageGradients : undefined);

describe('skipImageGradients', () => {
  it('changes the convolutions that read the image, through weightless layers, and nothing else', () => {
    const plain = buildUNet(tutorial);
    const mobile = buildUNet(mobileNet);
    try {
      expect(skipImageGradients(plain)).toEqual(['encoder1_a_conv']);
      // MobileNetV2's stem reads the image through its rescaling layer, which has no weights.
      expect(skipImageGradients(mobile).sort()).toEqual(['Conv1', 'encoder1_a_conv']);
      expect(skipImageGradients(mobile).sort()).toEqual(['Conv1', 'encoder1_a_conv']);
    } finally {
      plain.dispose();
      mobile.dispose();
    }
  });

  it.each([
    ['the tutorial encoder', tutorial],
    ['the MobileNetV2 encoder', mobileNet],
  ])('gives %s the same loss, gradients and updated weights', async (_, options) => {
    const stock = await stepOf(options, false);
    const skipped = await stepOf(options, true);
    expect(skipped.loss).toBeCloseTo(stock.loss, 6);
    expect(skipped.grads.length).toBe(stock.grads.length);
    for (const [i, grad] of skipped.grads.entries()) {
      const ref = stock.grads[i]!;
      const scale = Math.max(1e-6, ...ref.map(Math.abs));
      for (const [k, v] of grad.entries()) expect(Math.abs(v - ref[k]!) / scale).toBeLessThan(1e-4);
    }
    for (const [i, w] of skipped.after.entries()) expect(Array.from(w)).toEqual(Array.from(stock.after[i]!));
  });

  it('leaves the image-sized input gradient out of a training step, and no tensor behind', async () => {
    const model = buildUNet(tutorial);
    model.compile({ optimizer: tf.train.adam(1e-3), loss: bceDiceLoss });
    const { x, y } = tinyBatch(2, SIZE);
    // Conv2DBackpropInput outputs of the image's shape, per step: the input gradients nobody reads.
    const imageGradients = async (): Promise<number> => {
      let count = 0;
      const { kernels } = await tf.profile(async () => {
        await model.trainOnBatch(x, y);
      });
      for (const k of kernels) if (k.name === tf.Conv2DBackpropInput && k.outputShapes[0]?.at(-1) === 3) count++;
      return count;
    };
    try {
      expect(await imageGradients()).toBe(1);
      skipImageGradients(model);
      const { calls } = await countKernelCalls(tf.getBackend(), [tf.Conv2DBackpropFilter], () => model.trainOnBatch(x, y));
      expect(calls[tf.Conv2DBackpropFilter]).toBeGreaterThan(0);
      expect(await imageGradients()).toBe(0);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.dispose([x, y]);
      model.dispose();
    }
  });

  it('leaves a conv with an activation, and one fed by a trained layer, as they were', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const first = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'relu', name: 'with_relu' }).apply(input) as tf.SymbolicTensor;
    const second = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', name: 'after_conv' }).apply(first) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: second });
    try {
      expect(skipImageGradients(model)).toEqual([]);
    } finally {
      model.dispose();
    }
  });
});
