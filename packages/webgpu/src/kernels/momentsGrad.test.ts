import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValuesClose, randInt, randomValues, seededRandom } from '../__tests__/kernelHarness.js';
import { KernelInputError, MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL, WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend } from '../index.js';

// Runs on the adapter Dawn finds: lavapipe (.cache/mesa-vulkan, tools/setup/vulkan.sh) in CI.
beforeAll(async () => {
  const info = await registerWebGpuBackend();
  expect(info.replacedKernels).toEqual(expect.arrayContaining([MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL]));
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

/** tfjs-core's own gradient of `f` on tfjs-cpu (this package does not install @maskflow/kernels' hooks). */
async function cpuGrad(f: (x: tf.Tensor) => tf.Tensor, shape: number[], x: Float32Array, dy: Float32Array, dyShape: number[]): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const [xt, dyt] = [tf.tensor(x, shape), tf.tensor(dy, dyShape)];
  const g = tf.grad(f)(xt, dyt);
  const values = (await g.data()) as Float32Array;
  tf.dispose([xt, dyt, g]);
  return values;
}

/** `kernel` on maskflow-webgpu with the given inputs; its output shape must be `shape`. */
async function webgpuKernel(kernel: string, inputs: Record<string, [Float32Array, number[]]>, attrs: object, shape: number[]): Promise<Float32Array> {
  await tf.setBackend(WEBGPU_BACKEND);
  const tensors: tf.NamedTensorMap = {};
  for (const [name, [values, s]] of Object.entries(inputs)) tensors[name] = tf.tensor(values, s);
  const out = tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  expect(out.shape).toEqual(shape);
  const values = (await out.data()) as Float32Array;
  tf.dispose([out, ...Object.values(tensors)]);
  return values;
}

/** A leading ([0..k-1]) or trailing ([rank-k..rank-1]) block of axes of a rank-`rank` shape, k in [1, rank]. */
function randomBlock(rand: () => number, rank: number): number[] {
  const k = randInt(rand, 1, rank);
  const first = rand() < 0.5 ? 0 : rank - k;
  return Array.from({ length: k }, (_, i) => first + i);
}

describe('MaskflowMeanGrad and MaskflowSquareGrad', () => {
  it("Mean's gradient equals tfjs-core's on tfjs-cpu over randomized shapes and leading or trailing axis blocks", async () => {
    const seed = 71;
    const rand = seededRandom(seed);
    const cases: [number[], number[]][] = [
      [[randInt(rand, 1, 3), randInt(rand, 1, 9), randInt(rand, 1, 9), randInt(rand, 1, 9)], [0, 1, 2]], // batch norm's axes
      [[randInt(rand, 1, 5), randInt(rand, 1, 7), randInt(rand, 1, 7)], [0, 1, 2]], // every axis: a scalar loss
      [[1], [0]],
    ];
    for (let i = 0; i < 6; i++) {
      const shape = Array.from({ length: randInt(rand, 1, 4) }, () => randInt(rand, 1, 7));
      cases.push([shape, randomBlock(rand, shape.length)]);
    }
    for (const [i, [shape, axes]] of cases.entries()) {
      const dyShape = shape.filter((_, a) => !axes.includes(a));
      const x = randomValues(rand, shape), dy = randomValues(rand, dyShape);
      const want = await cpuGrad((t) => tf.mean(t, axes), shape, x, dy, dyShape);
      const got = await webgpuKernel(MEAN_GRAD_KERNEL, { dy: [dy, dyShape] }, { shape, axes }, shape);
      expectValuesClose(got, want, `seed ${seed} case ${i} [${shape}] axes [${axes}]`);
    }
  });

  it("Square's gradient equals tfjs-core's on tfjs-cpu over randomized shapes", async () => {
    const seed = 72;
    const rand = seededRandom(seed);
    for (let i = 0; i < 5; i++) {
      const shape = Array.from({ length: randInt(rand, 1, 4) }, () => randInt(rand, 1, 9));
      const x = randomValues(rand, shape).map((v) => v * 100), dy = randomValues(rand, shape);
      const want = await cpuGrad((t) => tf.square(t), shape, x, dy, shape);
      const got = await webgpuKernel(SQUARE_GRAD_KERNEL, { dy: [dy, shape], x: [x, shape] }, {}, shape);
      expectValuesClose(got, want, `seed ${seed} case ${i} [${shape}]`, 0);
    }
  });

  it('keeps numTensors flat', async () => {
    await tf.setBackend(WEBGPU_BACKEND);
    const [x, dyMean] = [tf.randomUniform([2, 5, 5, 3]), tf.randomUniform([3])];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const outs = [
        tf.engine().runKernel(MEAN_GRAD_KERNEL, { dy: dyMean }, { shape: x.shape, axes: [0, 1, 2] } as unknown as tf.NamedAttrMap) as tf.Tensor,
        tf.engine().runKernel(SQUARE_GRAD_KERNEL, { dy: x, x }) as tf.Tensor,
      ];
      await Promise.all(outs.map((t) => t.data()));
      tf.dispose(outs);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dyMean]);
  });

  it('rejects axes that are not a leading or trailing block (the gradient hook runs tfjs gradient instead)', async () => {
    await tf.setBackend(WEBGPU_BACKEND);
    const dy = tf.zeros([4]);
    expect(() => tf.engine().runKernel(MEAN_GRAD_KERNEL, { dy }, { shape: [3, 4, 5], axes: [0, 2] } as unknown as tf.NamedAttrMap)).toThrow(KernelInputError);
    dy.dispose();
  });
});
