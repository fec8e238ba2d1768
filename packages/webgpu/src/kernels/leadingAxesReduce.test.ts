import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKernelMatchesCpu, randInt, randomValues, seededRandom } from '../__tests__/kernelHarness.js';
import { WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend } from '../index.js';
import { leadingAxes } from './leadingAxesReduce.js';

// Runs on the adapter Dawn finds: lavapipe (.cache/mesa-vulkan, tools/setup/vulkan.sh) in CI.
beforeAll(async () => {
  const info = await registerWebGpuBackend();
  expect(info.replacedKernels).toEqual(expect.arrayContaining(['Sum', 'Mean']));
  await tf.setBackend(WEBGPU_BACKEND);
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

describe('Sum / Mean over leading axes', () => {
  it('recognises exactly the leading-axes reductions', () => {
    expect(leadingAxes([2, 5, 5, 3], [0, 1, 2])).toBe(3);
    expect(leadingAxes([2, 5, 5, 3], [2, 0, 1])).toBe(3);
    expect(leadingAxes([2, 5, 5, 3], 0)).toBe(1);
    expect(leadingAxes([2, 5, 5, 3], [0, 1, 2, 3])).toBe(0);
    expect(leadingAxes([2, 5, 5, 3], [1, 2])).toBe(0);
    expect(leadingAxes([2, 5, 5, 3], -1)).toBe(0);
  });

  it('equals tfjs-cpu on randomized NHWC shapes (batch-norm statistics), keepDims or not', async () => {
    const seed = 77;
    const rand = seededRandom(seed);
    for (let i = 0; i < 10; i++) {
      const shape = [randInt(rand, 1, 4), randInt(rand, 1, 40), randInt(rand, 1, 40), randInt(rand, 1, 70)];
      const keepDims = rand() < 0.5;
      const axis = rand() < 0.7 ? [0, 1, 2] : [0, 1];
      for (const kernel of ['Sum', 'Mean']) {
        await expectKernelMatchesCpu(kernel, { x: [shape, randomValues(rand, shape)] }, { axis, keepDims }, `seed ${seed} case ${i} ${kernel} ${shape} axis ${axis} keepDims ${keepDims}`);
      }
    }
  });

  it('leaves other reductions to the stock kernel, which still equals tfjs-cpu', async () => {
    const rand = seededRandom(8);
    const shape = [3, 6, 5];
    for (const axis of [[1, 2], [0, 1, 2], -1]) {
      await expectKernelMatchesCpu('Sum', { x: [shape, randomValues(rand, shape)] }, { axis, keepDims: false }, `Sum axis ${axis}`);
      await expectKernelMatchesCpu('Mean', { x: [shape, randomValues(rand, shape)] }, { axis, keepDims: true }, `Mean axis ${axis}`);
    }
  });

  it('keeps numTensors flat (tf.moments as batch norm calls it)', async () => {
    const x = tf.tensor(randomValues(seededRandom(4), [2, 9, 9, 6]), [2, 9, 9, 6]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      await Promise.all([mean.data(), variance.data()]);
      tf.dispose([mean, variance]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
