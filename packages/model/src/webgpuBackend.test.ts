import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ADAM_KERNEL, BATCH_NORM_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, MEAN_GRAD_KERNEL, RELU_GRAD_KERNEL, SQUARE_GRAD_KERNEL } from '@maskflow/webgpu';
import { bceDiceLoss } from './bceDiceLoss.js';
import { batchToTensors } from './batchToTensors.js';
import { buildUNet } from './buildUNet.js';
import { createAdam } from './createAdam.js';
import { releaseBackend } from './backendLoaders.js';
import { deviceBusyMs } from './deviceBackend.js';
import { fuseBatchNormRelu } from './batchNormRelu.js';
import { skipImageGradients } from './imageConvGradient.js';
import { initBackend } from './initBackend.js';
import { countKernelCalls, tinyBatch, unetStepWith } from './__tests__/fixtures.js';

// Runs maskflow-webgpu for real: on lavapipe (tools/setup/vulkan.sh, found through .cache/mesa-vulkan) in CI.
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseBackend();
});

const SIZE = 32;
const unet = (): tf.LayersModel => buildUNet({ inputSize: [SIZE, SIZE], baseFilters: 4, depth: 2, seed: 3 });
/** Batch-norm layers of that U-Net: two per conv block (encoder blocks and the centre), three per decoder block. */
const BN_LAYERS = (() => {
  const model = unet();
  const n = model.layers.filter((l) => l.getClassName() === 'BatchNormalization').length;
  model.dispose();
  return n;
})();

const countCalls = <T>(kernels: string[], body: () => Promise<T>) => countKernelCalls('maskflow-webgpu', kernels, body);

/** Loss and gradients of bceDiceLoss for `weights` on the active backend, read back asynchronously. */
const lossAndGrads = (weights: tf.Tensor[]) => unetStepWith(unet, weights, SIZE);

/**
 * Each gradient within 1e-3 of tfjs-cpu's, relative to its own largest value (or to a hundredth
 * of the largest of all, for gradients near zero).
 */
function expectGradientsClose(got: Float32Array[], want: Float32Array[]): void {
  const globalMax = Math.max(...want.map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  want.forEach((w, i) => {
    const scale = Math.max(w.reduce((m, v) => Math.max(m, Math.abs(v)), 0), 1e-2 * globalMax);
    const worst = got[i]!.reduce((m, v, k) => Math.max(m, Math.abs(v - w[k]!)), 0);
    expect(worst / scale, `gradient ${i}`).toBeLessThan(1e-3);
  });
}

/** A fresh U-Net's weights (cloned) and tfjs-cpu's loss and gradients for them; maskflow-webgpu is active after it. */
async function cpuStepThenWebGpu(): Promise<{ weights: tf.Tensor[]; cpu: Awaited<ReturnType<typeof lossAndGrads>> }> {
  await tf.setBackend('cpu');
  const seeded = unet();
  const weights = seeded.getWeights().map((w) => w.clone());
  seeded.dispose();
  const cpu = await lossAndGrads(weights);
  await initBackend({ prefer: 'webgpu' });
  return { weights, cpu };
}

describe('maskflow-webgpu through initBackend', () => {
  it("'webgpu' forces it, software adapter included, and reports the adapter", async () => {
    const info = await initBackend({ prefer: 'webgpu' });
    expect(info.backend).toBe('maskflow-webgpu');
    expect(tf.getBackend()).toBe('maskflow-webgpu');
    expect(info.adapter?.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(info.gpu).toBe(!info.adapter!.software);
    if (info.adapter!.software) expect(info.warnings.join(' ')).toMatch(/software adapter/);
    await tf.setBackend('cpu');
  });

  it("'auto' passes over a software adapter with the reason", async () => {
    const forced = await initBackend({ prefer: 'webgpu' });
    const info = await initBackend({ prefer: 'auto', threads: 1 });
    if (forced.adapter!.software) {
      expect(info.backend).not.toBe('maskflow-webgpu');
      expect(info.skipped).toContainEqual({ name: 'maskflow-webgpu', reason: expect.stringMatching(/only a software adapter.*--backend webgpu/) });
    }
    await tf.setBackend('cpu');
  });

  it('a U-Net step gives the loss and gradients tfjs-cpu gives', async () => {
    const { weights, cpu } = await cpuStepThenWebGpu();
    const fused = [BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_GRAD_KERNEL, MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL, RELU_GRAD_KERNEL];
    const { calls, result: gpu } = await countCalls(fused, () => lossAndGrads(weights));
    await tf.setBackend('cpu');
    tf.dispose(weights);
    // Every batch-norm layer trained through the fused pair (statistics, output and every gradient
    // in one WGSL kernel each), so neither tf.moments' Mean and Square gradients nor FusedBatchNorm's
    // ran; every batch norm feeds a ReLU, whose gradient is fused too. The one Mean gradient left is
    // the loss's (binary cross-entropy's mean over every axis).
    expect(calls).toEqual({
      [BATCH_NORM_TRAIN_KERNEL]: BN_LAYERS,
      [BATCH_NORM_TRAIN_GRAD_KERNEL]: BN_LAYERS,
      [BATCH_NORM_GRAD_KERNEL]: 0,
      [MEAN_GRAD_KERNEL]: 1,
      [SQUARE_GRAD_KERNEL]: 0,
      [RELU_GRAD_KERNEL]: BN_LAYERS,
    });
    expect(gpu.loss).toBeCloseTo(cpu.loss, 5);
    expectGradientsClose(gpu.grads, cpu.grads);
  });

  it('with fuseBatchNormRelu each batch norm and its ReLU run as the WGSL pair (no ReLU kernel either way), with the loss and gradients tfjs-cpu gives', async () => {
    const { weights, cpu } = await cpuStepThenWebGpu();
    const fusedUnet = (): tf.LayersModel => {
      const model = unet();
      expect(fuseBatchNormRelu(model)).toHaveLength(BN_LAYERS);
      return model;
    };
    const kernels = [BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, RELU_GRAD_KERNEL, 'Relu'];
    const { calls, result: gpu } = await countCalls(kernels, () => unetStepWith(fusedUnet, weights, SIZE));
    await tf.setBackend('cpu');
    tf.dispose(weights);
    expect(calls).toEqual({
      [BATCH_NORM_RELU_TRAIN_KERNEL]: BN_LAYERS,
      [BATCH_NORM_RELU_TRAIN_GRAD_KERNEL]: BN_LAYERS,
      [BATCH_NORM_TRAIN_KERNEL]: 0,
      [BATCH_NORM_TRAIN_GRAD_KERNEL]: 0,
      [RELU_GRAD_KERNEL]: 0,
      Relu: 0,
    });
    expect(gpu.loss).toBeCloseTo(cpu.loss, 5);
    expectGradientsClose(gpu.grads, cpu.grads);
  });

  it("a MobileNetV2-encoder U-Net step (depthwise convolutions, ImageNet weights) gives the loss and gradients tfjs-cpu gives", async () => {
    const mobileNet = (): tf.LayersModel => buildUNet({ inputSize: [SIZE, SIZE], encoder: 'mobilenet_v2', baseFilters: 2, maxFilters: 8, seed: 3 });
    await tf.setBackend('cpu');
    const seeded = mobileNet();
    const weights = seeded.getWeights().map((w) => w.clone());
    seeded.dispose();
    const cpu = await unetStepWith(mobileNet, weights, SIZE);
    await initBackend({ prefer: 'webgpu' });
    const gpu = await unetStepWith(mobileNet, weights, SIZE);
    // The trainer's hooks: the image convolutions (the stem and encoder1) without their input's
    // gradient, and each batch norm applying the ReLU after it (here the WGSL pair, batchNormTrain.ts).
    const skipped = await unetStepWith(() => {
      const model = mobileNet();
      expect(skipImageGradients(model)).toHaveLength(2);
      expect(fuseBatchNormRelu(model).length).toBeGreaterThan(0);
      return model;
    }, weights, SIZE);
    await tf.setBackend('cpu');
    tf.dispose(weights);
    expect(gpu.loss).toBeCloseTo(cpu.loss, 4);
    expectGradientsClose(gpu.grads, cpu.grads);
    expect(skipped.loss).toBeCloseTo(cpu.loss, 4);
    expectGradientsClose(skipped.grads, cpu.grads);
  });

  it('a batch-norm gradient the fused kernel does not cover (statistics not [C]) runs tfjs\' gradient and equals tfjs-cpu', async () => {
    const shape = [2, 5, 5, 3];
    const grads = async (): Promise<Float32Array[]> => {
      const x = tf.randomUniform(shape, -1, 1, 'float32', 11);
      // Per-element statistics (x's shape): tfjs' gradient supports these and [C]; the fused kernel only [C].
      const [mean, variance, offset, scale] = [tf.fill(shape, 0.1), tf.randomUniform(shape, 0.2, 1, 'float32', 13), tf.zeros(shape), tf.fill(shape, 1.5)];
      const dy = tf.randomUniform(shape, -1, 1, 'float32', 12);
      const f = (...t: tf.Tensor[]): tf.Tensor => tf.batchNorm(t[0]!, t[1]!, t[2]!, t[3], t[4], 1e-3);
      const out = tf.grads(f)([x, mean, variance, offset, scale], dy);
      const values = await Promise.all(out.map(async (g) => (await g.data()) as Float32Array));
      tf.dispose([x, mean, variance, offset, scale, dy, ...out]);
      return values;
    };
    await tf.setBackend('cpu');
    const cpu = await grads();
    await initBackend({ prefer: 'webgpu' });
    const { calls, result: gpu } = await countCalls([BATCH_NORM_GRAD_KERNEL], grads);
    await tf.setBackend('cpu');
    expect(calls[BATCH_NORM_GRAD_KERNEL]).toBe(0);
    cpu.forEach((want, i) => {
      const worst = gpu[i]!.reduce((m, v, k) => Math.max(m, Math.abs(v - want[k]!)), 0);
      expect(worst, `gradient ${i}`).toBeLessThan(1e-4 * (1 + want.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    });
  });

  it("a Mean over axes that are not a leading or trailing block runs tfjs' gradient and equals tfjs-cpu", async () => {
    const grad = async (): Promise<Float32Array> => {
      const x = tf.randomUniform([3, 4, 5], -1, 1, 'float32', 21);
      const dy = tf.randomUniform([4], -1, 1, 'float32', 22);
      const g = tf.grad((t: tf.Tensor) => tf.mean(t, [0, 2]))(x, dy);
      const values = (await g.data()) as Float32Array;
      tf.dispose([x, dy, g]);
      return values;
    };
    await tf.setBackend('cpu');
    const cpu = await grad();
    await initBackend({ prefer: 'webgpu' });
    const { calls, result: gpu } = await countCalls([MEAN_GRAD_KERNEL], grad);
    await tf.setBackend('cpu');
    expect(calls[MEAN_GRAD_KERNEL]).toBe(0);
    const worst = gpu.reduce((m, v, k) => Math.max(m, Math.abs(v - cpu[k]!)), 0);
    expect(worst).toBeLessThan(1e-6);
  });

  it('trains with Adam without leaking tensors, and the device clock advances', async () => {
    await initBackend({ prefer: 'webgpu' });
    const model = unet();
    model.compile({ optimizer: createAdam(1e-3), loss: bceDiceLoss });
    const { x, y } = tinyBatch(2, SIZE);
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    const busy = deviceBusyMs()!;
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) losses.push((await model.trainOnBatch(x, y)) as number);
    expect(tf.memory().numTensors).toBe(before);
    expect(deviceBusyMs()!).toBeGreaterThan(busy);
    losses.forEach((l) => {
      expect(Number.isFinite(l)).toBe(true);
    });
    tf.dispose([x, y]);
    model.dispose();
    await tf.setBackend('cpu');
  });

  it('three Adam steps end with the weights tf.train.adam gives on tfjs-cpu, one fused Adam dispatch per variable', async () => {
    const STEPS = 3;
    /** Names and values of every weight after STEPS trainOnBatch calls from the seeded weights, read back asynchronously. */
    const train = async (optimizer: () => tf.Optimizer): Promise<{ names: string[]; values: Float32Array[] }> => {
      const model = unet();
      model.compile({ optimizer: optimizer(), loss: bceDiceLoss });
      const { x, y } = tinyBatch(2, SIZE);
      for (let i = 0; i < STEPS; i++) await model.trainOnBatch(x, y);
      const values = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
      const names = model.weights.map((w) => w.originalName);
      tf.dispose([x, y]);
      model.optimizer.dispose();
      model.dispose();
      return { names, values };
    };
    await tf.setBackend('cpu');
    const cpu = await train(() => tf.train.adam(1e-3));
    await initBackend({ prefer: 'webgpu' });
    const before = tf.memory().numTensors;
    const { calls, result: gpu } = await countCalls([ADAM_KERNEL], () => train(() => createAdam(1e-3)));
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
    const model = unet();
    expect(calls[ADAM_KERNEL]).toBe(STEPS * model.trainableWeights.length);
    model.dispose();
    // The bias of a convolution that feeds a batch norm has a true gradient of zero (the norm
    // subtracts the batch mean): what remains is rounding noise, which Adam scales to a step of
    // about lr, so any change of summation order moves it (and the moving mean that carries it)
    // by up to lr per step. Every other weight must end where tfjs-cpu's does.
    const noiseOnly = /(_conv|_up)\/bias$|moving_mean$/;
    expect(gpu.names).toEqual(cpu.names);
    cpu.values.forEach((want, i) => {
      if (noiseOnly.test(cpu.names[i]!)) return;
      const got = gpu.values[i]!;
      const worst = got.reduce((m, v, k) => Math.max(m, Math.abs(v - want[k]!)), 0);
      const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(worst, cpu.names[i]).toBeLessThanOrEqual(1e-4 * (1 + scale));
    });
  });

  it('a batch larger than one storage buffer fails naming it and the limit', async () => {
    const info = await initBackend({ prefer: 'webgpu' });
    const limit = info.adapter!.limits.maxStorageBufferBindingSize;
    const side = Math.ceil(Math.sqrt(limit / 12)) + 8;
    const images = new Uint8Array(side * side * 3);
    expect(() => batchToTensors(images, undefined, { n: 1, height: side, width: side })).toThrow(
      new RegExp(`the image batch x of shape \\[1, ${side}, ${side}, 3\\].*maxStorageBufferBindingSize = ${limit}.*--batch-size`),
    );
    await tf.setBackend('cpu');
  });
});
