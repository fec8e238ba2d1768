import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKernelMatchesCpu, randInt, randomValues, seededRandom } from '../__tests__/kernelHarness.js';
import { WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend } from '../index.js';

// Runs on the adapter Dawn finds: lavapipe (.cache/mesa-vulkan, tools/setup/vulkan.sh) in CI, where
// the register-blocked program runs (a hardware adapter would run the stock kernel: also compared).
beforeAll(async () => {
  const info = await registerWebGpuBackend();
  expect(info.replacedKernels).toEqual(expect.arrayContaining(['Conv2D', 'FusedConv2D']));
  await tf.setBackend(WEBGPU_BACKEND);
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

describe('Conv2D / FusedConv2D (register-blocked on software adapters)', () => {
  it('equals tfjs-cpu on randomized shapes, strides 1 and 2, same/valid, bias and linear/relu/sigmoid', async () => {
    const seed = 4242;
    const rand = seededRandom(seed);
    for (let i = 0; i < 9; i++) {
      const k = randInt(rand, 1, 3);
      const x = [randInt(rand, 1, 3), randInt(rand, k, 9), randInt(rand, k, 9), randInt(rand, 1, 7)];
      const filter = [k, k, x[3]!, randInt(rand, 1, 20)];
      const strides = randInt(rand, 1, 2);
      const pad = rand() < 0.5 ? 'same' : 'valid';
      const label = `seed ${seed} case ${i} x ${x} filter ${filter} stride ${strides} ${pad}`;
      const base = { strides, pad, dataFormat: 'NHWC', dilations: 1 };
      const operands = { x: [x, randomValues(rand, x)] as [number[], Float32Array], filter: [filter, randomValues(rand, filter)] as [number[], Float32Array] };
      await expectKernelMatchesCpu('Conv2D', operands, base, `${label} Conv2D`);
      const activation = (['linear', 'relu', 'sigmoid'] as const)[i % 3]!;
      const bias: [number[], Float32Array] = [[filter[3]!], randomValues(rand, [filter[3]!])];
      await expectKernelMatchesCpu('FusedConv2D', { ...operands, bias }, { ...base, activation }, `${label} FusedConv2D ${activation}`);
    }
  });

  it('leaves dilation and other activations to the stock kernel, which still equals tfjs-cpu', async () => {
    const rand = seededRandom(6);
    const x: [number[], Float32Array] = [[1, 9, 9, 3], randomValues(rand, [1, 9, 9, 3])];
    const filter: [number[], Float32Array] = [[3, 3, 3, 4], randomValues(rand, [3, 3, 3, 4])];
    await expectKernelMatchesCpu('Conv2D', { x, filter }, { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 2 }, 'dilation 2');
    await expectKernelMatchesCpu('FusedConv2D', { x, filter }, { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, activation: 'elu' }, 'elu');
  });
});
