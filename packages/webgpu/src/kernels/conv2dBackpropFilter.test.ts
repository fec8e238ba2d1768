import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKernelMatchesCpu, randInt, randomValues, seededRandom } from '../__tests__/kernelHarness.js';
import { WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend } from '../index.js';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { coversBackpropFilter, runBackpropFilterGemm } from './conv2dBackpropFilter.js';
import type { KernelVariant } from './kernelVariant.js';
import { chooseSplitK } from './tiledGemm.js';

// Runs on the adapter Dawn finds: lavapipe (.cache/mesa-vulkan, tools/setup/vulkan.sh) in CI.
beforeAll(async () => {
  const info = await registerWebGpuBackend();
  expect(info.replacedKernels).toContain('Conv2DBackpropFilter');
  await tf.setBackend(WEBGPU_BACKEND);
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

interface Case {
  x: number[];
  filter: number[];
  stride: number;
  pad: 'same' | 'valid';
}

async function check(c: Case, label: string): Promise<void> {
  for (const variant of ['tiled', 'blocked'] as const) await checkVariant(c, `${label} (${variant})`, variant);
}

async function checkVariant(c: Case, label: string, variant: KernelVariant): Promise<void> {
  const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.filter as [number, number, number, number], c.stride, 1, c.pad);
  const rand = seededRandom(c.x.concat(c.filter).reduce((a, b) => a * 31 + b, 7));
  const dyShape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  await expectKernelMatchesCpu(
    'Conv2DBackpropFilter',
    { x: [c.x, randomValues(rand, c.x)], dy: [dyShape, randomValues(rand, dyShape)] },
    { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
    `${label} x ${c.x} filter ${c.filter} stride ${c.stride} ${c.pad}`,
    (backend, t) => runBackpropFilterGemm(backend as WebGPUBackend, t.x!, t.dy!, info, variant),
  );
}

describe('Conv2DBackpropFilter (split-K tiled GEMM)', () => {
  it('equals tfjs-cpu on randomized shapes (batch, odd sizes, strides 1 and 2, same/valid, odd channels)', async () => {
    const seed = 20261202;
    const rand = seededRandom(seed);
    for (let i = 0; i < 14; i++) {
      const k = randInt(rand, 1, 3);
      const stride = randInt(rand, 1, 2);
      const pad = rand() < 0.5 ? 'same' : 'valid';
      const x = [randInt(rand, 1, 3), randInt(rand, k, 9), randInt(rand, k, 9), randInt(rand, 1, 7)];
      await check({ x, filter: [k, k, x[3]!, randInt(rand, 1, 9)], stride, pad }, `seed ${seed} case ${i}`);
    }
  });

  it('equals tfjs-cpu when the batch x H x W reduction is split across workgroups', async () => {
    const c: Case = { x: [2, 24, 22, 3], filter: [3, 3, 3, 5], stride: 1, pad: 'same' };
    expect(chooseSplitK(27, 5, 2 * 24 * 22).splits).toBeGreaterThan(1);
    await check(c, 'split-K');
    await check({ x: [3, 20, 18, 6], filter: [2, 2, 6, 37], stride: 2, pad: 'valid' }, 'split-K 2x2 stride 2, two N tiles');
  });

  it('covers the M and N tile edges (channels past one 32-wide tile)', async () => {
    await check({ x: [1, 5, 6, 13], filter: [3, 3, 13, 33], stride: 1, pad: 'same' }, 'tile edges');
  });

  it('the registered kernel (the variant this adapter gets) equals tfjs-cpu', async () => {
    const c = { x: [2, 9, 7, 5], filter: [3, 3, 5, 6], stride: 2, pad: 'same' as const };
    const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.filter as [number, number, number, number], 2, 1, 'same');
    const rand = seededRandom(99);
    const dyShape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
    await expectKernelMatchesCpu(
      'Conv2DBackpropFilter',
      { x: [c.x, randomValues(rand, c.x)], dy: [dyShape, randomValues(rand, dyShape)] },
      { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: c.filter },
      'registered',
    );
  });

  it('leaves 1-3 output channels to the stock kernel on the register-blocked family, which then still equals tfjs-cpu', async () => {
    const info = tf.backend_util.computeConv2DInfo([2, 6, 6, 5], [1, 1, 5, 1], 1, 1, 'same');
    expect(coversBackpropFilter(info, 'float32', 'blocked')).toBe(false);
    expect(coversBackpropFilter(info, 'float32', 'tiled')).toBe(true);
    expect(coversBackpropFilter(info, 'int32', 'tiled')).toBe(false);
    const rand = seededRandom(3);
    await expectKernelMatchesCpu(
      'Conv2DBackpropFilter',
      { x: [[2, 6, 6, 5], randomValues(rand, [2, 6, 6, 5])], dy: [[2, 6, 6, 1], randomValues(rand, [2, 6, 6, 1])] },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [1, 1, 5, 1] },
      'one output channel, registered kernel',
    );
  });

  it('keeps numTensors flat', async () => {
    const x = tf.tensor(randomValues(seededRandom(1), [2, 8, 8, 3]), [2, 8, 8, 3]) as tf.Tensor4D;
    const dy = tf.tensor(randomValues(seededRandom(2), [2, 8, 8, 4]), [2, 8, 8, 4]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] }) as tf.Tensor;
      await dw.data();
      dw.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy]);
  });
});
