import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValuesClose, randInt, randomValues, seededRandom } from '../__tests__/kernelHarness.js';
import { BATCH_NORM_GRAD_KERNEL, KernelInputError, WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend } from '../index.js';

// Runs on the adapter Dawn finds: lavapipe (.cache/mesa-vulkan, tools/setup/vulkan.sh) in CI.
beforeAll(async () => {
  const info = await registerWebGpuBackend();
  expect(info.replacedKernels).toContain(BATCH_NORM_GRAD_KERNEL);
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

const GRADIENTS = ['dx', 'dmean', 'dvariance', 'dscale', 'doffset'] as const;

interface Case {
  shape: number[];
  dy: Float32Array;
  x: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  scale?: Float32Array;
  eps: number;
}

/**
 * tfjs-core's own FusedBatchNorm gradient on tfjs-cpu (tf.grads of tf.batchNorm), in the kernel's
 * output order. Without a scale it runs with scale = 1, which has the same gradients: tfjs cannot
 * differentiate batchNorm without one (it saves the missing scale for the backward pass and fails).
 */
async function cpuGradients(c: Case): Promise<Float32Array[]> {
  await tf.setBackend('cpu');
  const ch = c.shape[c.shape.length - 1]!;
  const [x, mean, variance, offset] = [tf.tensor(c.x, c.shape), tf.tensor(c.mean, [ch]), tf.tensor(c.variance, [ch]), tf.zeros([ch])];
  const scale = c.scale === undefined ? tf.ones([ch]) : tf.tensor(c.scale, [ch]);
  const dy = tf.tensor(c.dy, c.shape);
  const f = (...t: tf.Tensor[]): tf.Tensor => tf.batchNorm(t[0]!, t[1]!, t[2]!, t[3], t[4], c.eps);
  const [dx, dMean, dVariance, dOffset, dScale] = tf.grads(f)([x, mean, variance, offset, scale], dy);
  const out = await Promise.all([dx, dMean, dVariance, dScale, dOffset].map(async (t) => (await t!.data()) as Float32Array));
  tf.dispose([x, mean, variance, offset, scale, dy, dx!, dMean!, dVariance!, dOffset!, dScale!]);
  return out;
}

/** BATCH_NORM_GRAD_KERNEL on maskflow-webgpu. */
async function webgpuGradients(c: Case): Promise<Float32Array[]> {
  await tf.setBackend(WEBGPU_BACKEND);
  const ch = c.shape[c.shape.length - 1]!;
  const inputs: tf.NamedTensorMap = { dy: tf.tensor(c.dy, c.shape), x: tf.tensor(c.x, c.shape), mean: tf.tensor(c.mean, [ch]), variance: tf.tensor(c.variance, [ch]) };
  if (c.scale !== undefined) inputs.scale = tf.tensor(c.scale, [ch]);
  const outs = tf.engine().runKernel(BATCH_NORM_GRAD_KERNEL, inputs, { varianceEpsilon: c.eps }) as tf.Tensor[];
  expect(outs.map((t) => t.shape)).toEqual([c.shape, [ch], [ch], [ch], [ch]]);
  const values = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([...outs, ...Object.values(inputs)]);
  return values;
}

function randomCase(rand: () => number, shape: number[], withScale: boolean): Case {
  const ch = shape[shape.length - 1]!;
  return {
    shape,
    dy: randomValues(rand, shape),
    x: randomValues(rand, shape),
    mean: randomValues(rand, [ch]).map((v) => v * 0.2),
    variance: randomValues(rand, [ch]).map((v) => 0.05 + Math.abs(v)),
    ...(withScale ? { scale: randomValues(rand, [ch]) } : {}),
    eps: 1e-3,
  };
}

describe('MaskflowBatchNormGrad (all five FusedBatchNorm gradients)', () => {
  it('equals tfjs-core gradient on tfjs-cpu on randomized shapes, split and unsplit sums, with and without scale', async () => {
    const seed = 53;
    const rand = seededRandom(seed);
    const shapes = [
      [randInt(rand, 1, 3), randInt(rand, 1, 12), randInt(rand, 1, 12), randInt(rand, 1, 9)],
      [randInt(rand, 1, 3), randInt(rand, 1, 9), randInt(rand, 1, 9), randInt(rand, 33, 70)],
      [2, randInt(rand, 24, 32), randInt(rand, 24, 32), 3], // > 1 024 rows at 3 channels: the sums split across workgroups
      [randInt(rand, 1, 200), randInt(rand, 1, 16)],
      [1, 1, 1, 1],
    ];
    for (const [i, shape] of shapes.entries()) {
      for (const withScale of [true, false]) {
        const c = randomCase(rand, shape, withScale);
        const [cpu, gpu] = [await cpuGradients(c), await webgpuGradients(c)];
        GRADIENTS.forEach((name, k) => {
          expectValuesClose(gpu[k]!, cpu[k]!, `seed ${seed} case ${i} [${shape}] scale ${withScale} ${name}`);
        });
      }
    }
  });

  it('keeps numTensors flat (its partial sums are released)', async () => {
    await tf.setBackend(WEBGPU_BACKEND);
    const c = randomCase(seededRandom(5), [2, 20, 20, 4], true);
    const inputs = { dy: tf.tensor(c.dy, c.shape), x: tf.tensor(c.x, c.shape), mean: tf.tensor(c.mean, [4]), variance: tf.tensor(c.variance, [4]), scale: tf.tensor(c.scale!, [4]) };
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const outs = tf.engine().runKernel(BATCH_NORM_GRAD_KERNEL, inputs, { varianceEpsilon: c.eps }) as tf.Tensor[];
      await Promise.all(outs.map((t) => t.data()));
      tf.dispose(outs);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(inputs));
  });

  it('rejects statistics that are not [C] over the last axis (the gradient hook runs tfjs gradient instead)', async () => {
    await tf.setBackend(WEBGPU_BACKEND);
    const inputs = { dy: tf.zeros([2, 3, 4]), x: tf.zeros([2, 3, 4]), mean: tf.zeros([3]), variance: tf.ones([3]) };
    expect(() => tf.engine().runKernel(BATCH_NORM_GRAD_KERNEL, inputs, { varianceEpsilon: 1e-3 })).toThrow(KernelInputError);
    tf.dispose(Object.values(inputs));
  });
});
