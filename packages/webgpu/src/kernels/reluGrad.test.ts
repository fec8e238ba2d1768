import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValuesClose, randInt, randomValues, seededRandom } from '../__tests__/kernelHarness.js';
import { RELU_GRAD_KERNEL, WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend } from '../index.js';

// Runs on the adapter Dawn finds: lavapipe (.cache/mesa-vulkan, tools/setup/vulkan.sh) in CI.
beforeAll(async () => {
  const info = await registerWebGpuBackend();
  expect(info.replacedKernels).toContain(RELU_GRAD_KERNEL);
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

/** tfjs-core's Relu gradient on tfjs-cpu and RELU_GRAD_KERNEL on maskflow-webgpu for the same x and dy. */
async function both(shape: number[], x: Float32Array, dy: Float32Array): Promise<{ cpu: Float32Array; gpu: Float32Array }> {
  await tf.setBackend('cpu');
  let [xt, dyt] = [tf.tensor(x, shape), tf.tensor(dy, shape)];
  const g = tf.grad((t: tf.Tensor) => tf.relu(t))(xt, dyt);
  const cpu = (await g.data()) as Float32Array;
  tf.dispose([xt, dyt, g]);
  await tf.setBackend(WEBGPU_BACKEND);
  [xt, dyt] = [tf.tensor(x, shape), tf.tensor(dy, shape)];
  const out = tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: dyt, x: xt }) as tf.Tensor;
  expect(out.shape).toEqual(shape);
  const gpu = (await out.data()) as Float32Array;
  tf.dispose([xt, dyt, out]);
  return { cpu, gpu };
}

describe('MaskflowReluGrad', () => {
  it("equals tfjs-core's Relu gradient on tfjs-cpu over randomized shapes", async () => {
    const seed = 73;
    const rand = seededRandom(seed);
    for (let i = 0; i < 5; i++) {
      const shape = Array.from({ length: randInt(rand, 1, 4) }, () => randInt(rand, 1, 9));
      const { cpu, gpu } = await both(shape, randomValues(rand, shape), randomValues(rand, shape));
      expectValuesClose(gpu, cpu, `seed ${seed} case ${i} [${shape}]`, 0);
    }
  });

  it('matches bit for bit at 0, -0, NaN and negative x under negative dy (dy * 0 is -0)', async () => {
    const x = new Float32Array([0, -0, Number.NaN, -2, 3, -1e-30]);
    const dy = new Float32Array([1, 1, 2, -1, -4, -5]);
    const { cpu, gpu } = await both([6], x, dy);
    expect(Object.is(cpu[3], -0)).toBe(true);
    expect(Array.from(gpu)).toEqual(Array.from(cpu));
    gpu.forEach((v, k) => {
      expect(Object.is(v, cpu[k]), `element ${k}: gpu ${v}, cpu ${cpu[k]}`).toBe(true);
    });
  });

  it('keeps numTensors flat', async () => {
    await tf.setBackend(WEBGPU_BACKEND);
    const [x, dy] = [tf.randomUniform([3, 7, 5], -1, 1), tf.randomUniform([3, 7, 5], -1, 1)];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const out = tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, x }) as tf.Tensor;
      await out.data();
      out.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy]);
  });
});
