import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValuesClose, randInt, randomValues, seededRandom } from '../__tests__/kernelHarness.js';
import { ADAM_KERNEL, KernelInputError, WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend } from '../index.js';
import type { AdamAttrs } from './fusedKernelNames.js';
import { flatGroups } from './multiOutputDispatch.js';

// Runs on the adapter Dawn finds: lavapipe (.cache/mesa-vulkan, tools/setup/vulkan.sh) in CI.
beforeAll(async () => {
  const info = await registerWebGpuBackend();
  expect(info.replacedKernels).toContain(ADAM_KERNEL);
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

interface AdamState {
  x: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/** tf.train.adam on tfjs-cpu: `grads.length` steps from x0; the variable and both moments after them. */
async function cpuAdam(shape: number[], x0: Float32Array, grads: Float32Array[], lr: number): Promise<AdamState> {
  await tf.setBackend('cpu');
  const x = tf.variable(tf.tensor(x0, shape));
  const optimizer = tf.train.adam(lr, BETA1, BETA2, EPSILON);
  for (const g of grads) {
    const gradient = tf.tensor(g, shape);
    optimizer.applyGradients([{ name: x.name, tensor: gradient }]);
    gradient.dispose();
  }
  const [, m, v] = await optimizer.getWeights();
  const state = { x: (await x.data()) as Float32Array, m: (await m!.tensor.data()) as Float32Array, v: (await v!.tensor.data()) as Float32Array };
  optimizer.dispose();
  x.dispose();
  return state;
}

/** The same steps as one ADAM_KERNEL call each on maskflow-webgpu, beta^t tracked as tfjs tracks it (a float32 multiply per step). */
async function webgpuAdam(shape: number[], x0: Float32Array, grads: Float32Array[], lr: number): Promise<AdamState> {
  await tf.setBackend(WEBGPU_BACKEND);
  let [x, m, v] = [tf.tensor(x0, shape), tf.zeros(shape), tf.zeros(shape)];
  let acc1 = Math.fround(BETA1);
  let acc2 = Math.fround(BETA2);
  for (const g of grads) {
    const gradient = tf.tensor(g, shape);
    const attrs: AdamAttrs = { beta1: BETA1, beta2: BETA2, learningRate: lr, epsilon: EPSILON, correction1: Math.fround(1 - acc1), correction2: Math.fround(1 - acc2) };
    const next = tf.engine().runKernel(ADAM_KERNEL, { x, g: gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    tf.dispose([x, m, v, gradient]);
    [x, m, v] = next as [tf.Tensor, tf.Tensor, tf.Tensor];
    acc1 = Math.fround(acc1 * Math.fround(BETA1));
    acc2 = Math.fround(acc2 * Math.fround(BETA2));
  }
  const state = { x: (await x.data()) as Float32Array, m: (await m.data()) as Float32Array, v: (await v.data()) as Float32Array };
  tf.dispose([x, m, v]);
  return state;
}

describe('MaskflowAdam (one dispatch per variable)', () => {
  it('equals tf.train.adam on tfjs-cpu over several steps, on randomized shapes', async () => {
    const seed = 31;
    const rand = seededRandom(seed);
    for (let i = 0; i < 6; i++) {
      const shape = i % 2 === 0 ? [randInt(rand, 1, 3), randInt(rand, 1, 3), randInt(rand, 1, 20), randInt(rand, 1, 40)] : [randInt(rand, 1, 300)];
      const lr = [1e-3, 1e-2, 0.1][i % 3]!;
      const steps = randInt(rand, 2, 5);
      const x0 = randomValues(rand, shape);
      const grads = Array.from({ length: steps }, () => randomValues(rand, shape).map((g) => g * 10 ** randInt(rand, -3, 1)));
      const cpu = await cpuAdam(shape, x0, grads, lr);
      const gpu = await webgpuAdam(shape, x0, grads, lr);
      const label = `seed ${seed} case ${i} shape [${shape}] lr ${lr} steps ${steps}`;
      expectValuesClose(gpu.x, cpu.x, `${label} x`);
      expectValuesClose(gpu.m, cpu.m, `${label} m`);
      expectValuesClose(gpu.v, cpu.v, `${label} v`);
    }
  });

  it('keeps numTensors flat: three outputs per call, nothing else', async () => {
    await tf.setBackend(WEBGPU_BACKEND);
    const shape = [5, 7];
    const rand = seededRandom(2);
    const [x, g, m, v] = [0, 1, 2, 3].map(() => tf.tensor(randomValues(rand, shape), shape));
    const attrs = { beta1: BETA1, beta2: BETA2, learningRate: 1e-3, epsilon: EPSILON, correction1: 0.1, correction2: 0.001 };
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const out = tf.engine().runKernel(ADAM_KERNEL, { x: x!, g: g!, m: m!, v: v! }, attrs) as tf.Tensor[];
      expect(out.map((t) => t.shape)).toEqual([shape, shape, shape]);
      await Promise.all(out.map((t) => t.data()));
      tf.dispose(out);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x!, g!, m!, v!]);
  });

  it('rejects what it does not cover (FusedAdamOptimizer checks first and runs tfjs Adam instead)', async () => {
    await tf.setBackend(WEBGPU_BACKEND);
    const [x, m, v] = [tf.zeros([4]), tf.zeros([4]), tf.zeros([4])];
    const g = tf.zeros([4], 'int32');
    expect(() => tf.engine().runKernel(ADAM_KERNEL, { x, g, m, v }, {})).toThrow(KernelInputError);
    tf.dispose([x, g, m, v]);
  });

  it('spreads more workgroups than one dimension holds over a second one', () => {
    const backend = { device: { limits: { maxComputeWorkgroupsPerDimension: 100 } } } as unknown as Parameters<typeof flatGroups>[0];
    expect(flatGroups(backend, 7)).toEqual([7, 1, 1]);
    expect(flatGroups(backend, 100)).toEqual([100, 1, 1]);
    expect(flatGroups(backend, 101)).toEqual([100, 2, 1]);
    expect(flatGroups(backend, 0)).toEqual([1, 1, 1]);
  });
});
