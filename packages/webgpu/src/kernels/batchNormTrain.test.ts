import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValuesClose, randInt, randomValues, seededRandom, type HostInputs } from '../__tests__/kernelHarness.js';
import { BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, KernelInputError, WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend } from '../index.js';

// Runs on the adapter Dawn finds: lavapipe (.cache/mesa-vulkan, tools/setup/vulkan.sh) in CI.
beforeAll(async () => {
  const info = await registerWebGpuBackend();
  expect(info.replacedKernels).toEqual(expect.arrayContaining([BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL]));
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

interface Case {
  shape: number[];
  x: Float32Array;
  scale: Float32Array;
  offset: Float32Array;
  dy: Float32Array;
  dmean: Float32Array;
  dvariance: Float32Array;
  eps: number;
}

/**
 * tfjs' own composition on tfjs-cpu: tf.moments + tf.batchNorm (then tf.relu with `relu`), and
 * tf.grads of sum(y·dy) + sum(mean·dmean) + sum(variance·dvariance).
 */
async function cpuReference(c: Case, relu: boolean): Promise<{ forward: Float32Array[]; backward: Float32Array[] }> {
  await tf.setBackend('cpu');
  const ch = c.shape[c.shape.length - 1]!;
  const axes = c.shape.slice(0, -1).map((_, i) => i);
  const [dy, dmean, dvariance] = [tf.tensor(c.dy, c.shape), tf.tensor(c.dmean, [ch]), tf.tensor(c.dvariance, [ch])];
  const train = (x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor[] => {
    const { mean, variance } = tf.moments(x, axes);
    const y = tf.batchNorm(x, mean, variance, offset, scale, c.eps);
    return [relu ? tf.relu(y) : y, mean, variance];
  };
  const loss = (x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Scalar => {
    const [y, mean, variance] = train(x, scale, offset);
    return tf.addN([tf.sum(tf.mul(y!, dy)), tf.sum(tf.mul(mean!, dmean)), tf.sum(tf.mul(variance!, dvariance))]) as tf.Scalar;
  };
  const params = [tf.tensor(c.x, c.shape), tf.tensor(c.scale, [ch]), tf.tensor(c.offset, [ch])] as const;
  const forward = train(...params);
  const backward = tf.grads((x, scale, offset) => loss(x!, scale!, offset!))([...params]);
  const read = (ts: tf.Tensor[]): Promise<Float32Array[]> => Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
  const out = { forward: await read(forward), backward: await read(backward) };
  tf.dispose([...forward, ...backward, ...params, dy, dmean, dvariance]);
  return out;
}

/** Run `kernel` on maskflow-webgpu and read its outputs, checking their shapes. */
async function runWebGpu(kernel: string, inputs: HostInputs, eps: number, shapes: number[][]): Promise<Float32Array[]> {
  await tf.setBackend(WEBGPU_BACKEND);
  const tensors: tf.NamedTensorMap = {};
  for (const [name, [shape, values]] of Object.entries(inputs)) tensors[name] = tf.tensor(values, shape);
  const outs = tf.engine().runKernel(kernel, tensors, { varianceEpsilon: eps }) as tf.Tensor[];
  expect(outs.map((t) => t.shape)).toEqual(shapes);
  const values = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([...outs, ...Object.values(tensors)]);
  return values;
}

/**
 * Both kernels (the ReLU pair with `relu`) against cpuReference; the gradient kernel gets tfjs-cpu's
 * statistics, so each kernel is compared on its own.
 */
async function expectMatchesCpu(c: Case, label: string, relu = false): Promise<Float32Array[]> {
  const ch = c.shape[c.shape.length - 1]!;
  const cpu = await cpuReference(c, relu);
  const forward = await runWebGpu(relu ? BATCH_NORM_RELU_TRAIN_KERNEL : BATCH_NORM_TRAIN_KERNEL, { x: [c.shape, c.x], scale: [[ch], c.scale], offset: [[ch], c.offset] }, c.eps, [c.shape, [ch], [ch]]);
  for (const [k, name] of ['y', 'mean', 'variance'].entries()) expectValuesClose(forward[k]!, cpu.forward[k]!, `${label} ${name}`);
  const [mean, variance] = [cpu.forward[1]!, cpu.forward[2]!];
  const gradInputs: HostInputs = { dy: [c.shape, c.dy], x: [c.shape, c.x], mean: [[ch], mean], variance: [[ch], variance], scale: [[ch], c.scale], dmean: [[ch], c.dmean], dvariance: [[ch], c.dvariance], ...(relu ? { offset: [[ch], c.offset] as [number[], Float32Array] } : {}) };
  const backward = await runWebGpu(relu ? BATCH_NORM_RELU_TRAIN_GRAD_KERNEL : BATCH_NORM_TRAIN_GRAD_KERNEL, gradInputs, c.eps, [c.shape, [ch], [ch]]);
  for (const [k, name] of ['dx', 'dscale', 'doffset'].entries()) expectValuesClose(backward[k]!, cpu.backward[k]!, `${label} ${name}`);
  return forward;
}

/** x with a random centre and spread per channel (so no channel is zero-mean), and random scale, offset, dy, dmean, dvariance. */
function randomCase(rand: () => number, shape: number[], statGradients: boolean): Case {
  const ch = shape[shape.length - 1]!;
  const [centre, spread] = [randomValues(rand, [ch]), randomValues(rand, [ch]).map((v) => 0.2 + Math.abs(v))];
  const x = randomValues(rand, shape).map((v, i) => centre[i % ch]! + spread[i % ch]! * v);
  const stat = (): Float32Array => (statGradients ? randomValues(rand, [ch]) : new Float32Array(ch));
  return { shape, x, scale: randomValues(rand, [ch]), offset: randomValues(rand, [ch]), dy: randomValues(rand, shape), dmean: stat(), dvariance: stat(), eps: 1e-3 };
}

/** Three forward and gradient calls of the plain pair (or the ReLU pair) leave tf.memory().numTensors where it was. */
async function expectNoLeak(relu: boolean): Promise<void> {
  await tf.setBackend(WEBGPU_BACKEND);
  const c = randomCase(seededRandom(5), [2, 21, 19, 4], true);
  const [x, scale, offset, dy, dmean, dvariance] = [tf.tensor(c.x, c.shape), tf.tensor(c.scale), tf.tensor(c.offset), tf.tensor(c.dy, c.shape), tf.tensor(c.dmean), tf.tensor(c.dvariance)];
  const [forwardKernel, gradKernel] = relu ? [BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL] : [BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL];
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const [y, mean, variance] = tf.engine().runKernel(forwardKernel, { x, scale, offset }, { varianceEpsilon: c.eps }) as tf.Tensor[];
    const gradInputs = { dy, x, mean: mean!, variance: variance!, scale, dmean, dvariance, ...(relu ? { offset } : {}) };
    const grads = tf.engine().runKernel(gradKernel, gradInputs, { varianceEpsilon: c.eps }) as tf.Tensor[];
    await Promise.all([y!, ...grads].map((t) => t.data()));
    tf.dispose([y!, mean!, variance!, ...grads]);
  }
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, scale, offset, dy, dmean, dvariance]);
}

/** A standard normal value (Box-Muller) from `rand`. */
function randn(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

describe('MaskflowBatchNormTrain and MaskflowBatchNormTrainGrad (training batch norm through its statistics)', () => {
  it('equal tf.moments + tf.batchNorm and their tf.grads on tfjs-cpu on randomized shapes, split and unsplit sums', async () => {
    const seed = 71;
    const rand = seededRandom(seed);
    const odd = (): number => 2 * randInt(rand, 0, 5) + 1;
    const shapes = [
      [randInt(rand, 1, 3), odd(), odd(), randInt(rand, 1, 9)],
      [randInt(rand, 1, 3), odd(), odd(), 40],
      [2, 25, 27, 3], // 1 350 rows at 3 channels: more than one split of 16 lanes x 64 rows
      [3, 9, 11, 40], // 297 rows at 40 channels: split (one lane per column)
      [randInt(rand, 1, 200), randInt(rand, 1, 16)],
      [1, 1, 1, 2], // one row: variance 0
    ];
    for (const [i, shape] of shapes.entries()) {
      for (const statGradients of [true, false]) {
        await expectMatchesCpu(randomCase(rand, shape, statGradients), `seed ${seed} case ${i} [${shape}] dmean/dvariance ${statGradients ? 'random' : 'zero'}`);
      }
    }
  });

  it('keeps the variance of a channel whose mean is large against its spread (x = 50 + 0.5 randn) to float32 precision', async () => {
    const rand = seededRandom(9);
    const shape = [2, 23, 25, 3];
    const c = randomCase(rand, shape, true);
    c.x = c.x.map(() => 50 + 0.5 * randn(rand));
    const forward = await expectMatchesCpu(c, 'mean 50, std 0.5');
    // The exact statistics of the float32 inputs, in float64.
    const rows = c.x.length / 3;
    const mean = [0, 1, 2].map((k) => c.x.filter((_, i) => i % 3 === k).reduce((a, v) => a + v, 0) / rows);
    const variance = [0, 1, 2].map((k) => c.x.filter((_, i) => i % 3 === k).reduce((a, v) => a + (v - mean[k]!) ** 2, 0) / rows);
    expectValuesClose(forward[1]!, mean, 'mean vs float64', 1e-6);
    // A float32 relative error of a few units in the 7th digit: E[x²] - E[x]² would lose about 4 of 7 digits here.
    for (const [k, v] of variance.entries()) expect(Math.abs(forward[2]![k]! - v) / v, `channel ${k} variance ${forward[2]![k]} vs ${v}`).toBeLessThan(1e-5);
  });

  it('keeps numTensors flat (its partials and coefficients are released)', () => expectNoLeak(false));

  it('rejects inputs outside the contract (non-float32, statistics not [C] of the last axis, shape mismatch)', async () => {
    await tf.setBackend(WEBGPU_BACKEND);
    const [x, c3, c4, xInt, dy2d] = [tf.zeros([2, 3, 4]), tf.zeros([3]), tf.ones([4]), tf.zeros([2, 3, 4], 'int32'), tf.zeros([2, 4])];
    const train = (inputs: tf.NamedTensorMap) => () => tf.engine().runKernel(BATCH_NORM_TRAIN_KERNEL, inputs, { varianceEpsilon: 1e-3 });
    expect(train({ x, scale: c3, offset: c3 })).toThrow(KernelInputError);
    expect(train({ x: xInt, scale: c4, offset: c4 })).toThrow(KernelInputError);
    const grad = (inputs: tf.NamedTensorMap) => () => tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD_KERNEL, inputs, { varianceEpsilon: 1e-3 });
    const valid = { dy: x, x, mean: c4, variance: c4, scale: c4, dmean: c4, dvariance: c4 };
    expect(grad({ ...valid, dvariance: c3 })).toThrow(KernelInputError);
    expect(grad({ ...valid, dy: dy2d })).toThrow(KernelInputError);
    tf.dispose([x, c3, c4, xInt, dy2d]);
  });
});

describe('MaskflowBatchNormReluTrain and its gradient (batch norm and the ReLU after it, one kernel each way)', () => {
  it('equal tf.relu(tf.batchNorm) and its tf.grads on tfjs-cpu on randomized shapes, split and unsplit sums', async () => {
    const seed = 83;
    const rand = seededRandom(seed);
    const shapes = [
      [randInt(rand, 1, 3), 2 * randInt(rand, 0, 5) + 1, 2 * randInt(rand, 0, 5) + 1, randInt(rand, 1, 9)],
      [2, 25, 27, 3], // more than one split of the sums
      [3, 9, 11, 40],
      [randInt(rand, 1, 200), randInt(rand, 1, 16)],
    ];
    for (const [i, shape] of shapes.entries()) {
      for (const statGradients of [true, false]) {
        const c = randomCase(rand, shape, statGradients);
        const forward = await expectMatchesCpu(c, `seed ${seed} case ${i} [${shape}] relu, dmean/dvariance ${statGradients ? 'random' : 'zero'}`, true);
        // Both sides of the ReLU are exercised: some outputs clipped to 0, some passed.
        const zeros = forward[0]!.filter((v) => v === 0).length;
        if (forward[0]!.length >= 40) expect(zeros > 0 && zeros < forward[0]!.length, `case ${i}: ${zeros} zeros of ${forward[0]!.length}`).toBe(true);
      }
    }
  });

  it('keeps numTensors flat (its slope, partials and coefficients are released)', () => expectNoLeak(true));

  it('rejects a gradient call without a [C] offset, naming the kernel', async () => {
    await tf.setBackend(WEBGPU_BACKEND);
    const [x, c3, c4] = [tf.zeros([2, 3, 4]), tf.zeros([3]), tf.ones([4])];
    const grad = (inputs: tf.NamedTensorMap) => () => tf.engine().runKernel(BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, inputs, { varianceEpsilon: 1e-3 });
    const valid = { dy: x, x, mean: c4, variance: c4, scale: c4, dmean: c4, dvariance: c4 };
    expect(grad(valid)).toThrow(/offset for the inputs of MaskflowBatchNormReluTrainGrad/);
    expect(grad({ ...valid, offset: c3 })).toThrow(KernelInputError);
    tf.dispose([x, c3, c4]);
  });
});
