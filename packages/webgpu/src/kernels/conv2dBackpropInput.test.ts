import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKernelMatchesCpu, randInt, randomValues, seededRandom } from '../__tests__/kernelHarness.js';
import { WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend } from '../index.js';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { isTranspose2x2, runBackpropInputGemm } from './conv2dBackpropInput.js';
import type { KernelVariant } from './kernelVariant.js';

// Runs on the adapter Dawn finds: lavapipe (.cache/mesa-vulkan, tools/setup/vulkan.sh) in CI.
beforeAll(async () => {
  const info = await registerWebGpuBackend();
  expect(info.replacedKernels).toContain('Conv2DBackpropInput');
  await tf.setBackend(WEBGPU_BACKEND);
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

interface Case {
  /** Shape of dx (the forward conv's input; conv2dTranspose's output). */
  x: number[];
  filter: number[];
  stride: number;
  pad: 'same' | 'valid';
}

function convInfo(c: Case): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.filter as [number, number, number, number], c.stride, 1, c.pad);
}

async function check(c: Case, label: string): Promise<void> {
  for (const variant of ['tiled', 'blocked'] as const) await checkVariant(c, `${label} (${variant})`, variant);
  await checkVariant(c, `${label} (registered kernel)`);
}

async function checkVariant(c: Case, label: string, variant?: KernelVariant): Promise<void> {
  const info = convInfo(c);
  const rand = seededRandom(c.x.concat(c.filter).reduce((a, b) => a * 31 + b, 11));
  const dyShape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  await expectKernelMatchesCpu(
    'Conv2DBackpropInput',
    { dy: [dyShape, randomValues(rand, dyShape)], filter: [c.filter, randomValues(rand, c.filter)] },
    { inputShape: c.x, strides: c.stride, pad: c.pad, dataFormat: 'NHWC' },
    `${label} dx ${c.x} filter ${c.filter} stride ${c.stride} ${c.pad}`,
    variant === undefined ? undefined : (backend, t) => runBackpropInputGemm(backend as WebGPUBackend, t.dy!, t.filter!, info, variant),
  );
}

describe('Conv2DBackpropInput (tiled GEMM)', () => {
  it('equals tfjs-cpu on randomized shapes (batch, odd sizes, strides 1 and 2, same/valid, odd channels)', async () => {
    const seed = 1202;
    const rand = seededRandom(seed);
    for (let i = 0; i < 14; i++) {
      const k = randInt(rand, 1, 3);
      const stride = randInt(rand, 1, 2);
      const pad = rand() < 0.5 ? 'same' : 'valid';
      const x = [randInt(rand, 1, 3), randInt(rand, k, 9), randInt(rand, k, 9), randInt(rand, 1, 7)];
      await check({ x, filter: [k, k, x[3]!, randInt(rand, 1, 9)], stride, pad }, `seed ${seed} case ${i}`);
    }
  });

  it('equals tfjs-cpu with K split across workgroups and channels past one tile', async () => {
    await check({ x: [1, 4, 4, 35], filter: [3, 3, 35, 70], stride: 1, pad: 'same' }, 'split-K');
    await check({ x: [2, 7, 5, 33], filter: [3, 3, 33, 6], stride: 2, pad: 'same' }, 'N edge');
  });
});

describe('conv2dTranspose 2x2 stride 2 (1x1 matmul + depth-to-space)', () => {
  const cases: Case[] = [
    { x: [2, 6, 8, 5], filter: [2, 2, 5, 7], stride: 2, pad: 'same' },
    { x: [1, 10, 4, 3], filter: [2, 2, 3, 9], stride: 2, pad: 'valid' },
    { x: [3, 4, 6, 17], filter: [2, 2, 17, 300], stride: 2, pad: 'same' },
  ];
  it('takes the matmul path for even sizes and equals tfjs-cpu', async () => {
    for (const [i, c] of cases.entries()) {
      expect(isTranspose2x2(convInfo(c))).toBe(true);
      await check(c, `transpose ${i}`);
    }
  });

  it('falls back to the general GEMM for odd sizes (valid padding drops a row) and equals tfjs-cpu', async () => {
    const c: Case = { x: [2, 7, 5, 3], filter: [2, 2, 3, 4], stride: 2, pad: 'valid' };
    expect(isTranspose2x2(convInfo(c))).toBe(false);
    await check(c, 'odd transpose');
  });

  it('gives the gradients of tf.conv2dTranspose (input and filter) that tfjs-cpu gives, numTensors flat', async () => {
    const xShape: [number, number, number, number] = [2, 3, 5, 6];
    const wShape: [number, number, number, number] = [2, 2, 4, 6];
    const rand = seededRandom(5);
    const xv = randomValues(rand, xShape);
    const wv = randomValues(rand, wShape);
    const run = async (): Promise<Float32Array[]> => {
      const x = tf.tensor4d(xv, xShape);
      const w = tf.tensor4d(wv, wShape);
      const before = tf.memory().numTensors;
      const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 6, 10, 4], 2, 'same'))),
      )([x, w]);
      const out = await Promise.all([value, ...grads].map(async (t) => (await t.data()) as Float32Array));
      tf.dispose([value, ...grads]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, w]);
      return out;
    };
    const gpu = await run();
    await tf.setBackend('cpu');
    const cpu = await run();
    await tf.setBackend(WEBGPU_BACKEND);
    gpu.forEach((g, j) => {
      const c = cpu[j]!;
      const scale = c.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      g.forEach((v, i) => {
        expect(Math.abs(v - c[i]!), `output ${j} at ${i}`).toBeLessThanOrEqual(1e-5 * (1 + scale));
      });
    });
  });
});
