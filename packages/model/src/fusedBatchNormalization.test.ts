import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, FAST_CPU_BACKEND, registerFastCpuBackend, registerFusedTrainingHooks } from '@maskflow/kernels';
import { bceDiceLoss } from './bceDiceLoss.js';
import { buildUNet } from './buildUNet.js';
import { FusedBatchNormalization, batchNormalization } from './fusedBatchNormalization.js';
import { countKernelCalls, expectNear, tinyBatch, unetStepWith } from './__tests__/fixtures.js';

beforeAll(async () => {
  await registerFastCpuBackend({ threads: 2 });
  registerFusedTrainingHooks();
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const SIZE = 16;
const unet = (): tf.LayersModel => buildUNet({ inputSize: [SIZE, SIZE], baseFilters: 4, depth: 2, seed: 5 });

/** One training step of the seeded U-Net with `weights` on `backend` (see unetStep). */
async function step(backend: string, weights: tf.Tensor[]): Promise<{ loss: number; grads: Float32Array[]; after: Float32Array[] }> {
  await tf.setBackend(backend);
  return unetStepWith(unet, weights, SIZE);
}

const countCalls = <T>(kernels: string[], body: () => Promise<T>) => countKernelCalls(FAST_CPU_BACKEND, kernels, body);

describe('FusedBatchNormalization', () => {
  it('trains a U-Net on maskflow-cpu through one fused kernel per batch norm, as tfjs-layers does on tfjs-cpu', async () => {
    await tf.setBackend('cpu');
    const seeded = unet();
    const bnLayers = seeded.layers.filter((l) => l instanceof FusedBatchNormalization).length;
    const weights = seeded.getWeights().map((w) => w.clone());
    seeded.dispose();
    expect(bnLayers).toBeGreaterThan(0);
    const stock = await step('cpu', weights);
    const { calls, result: fused } = await countCalls([BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL], () => step(FAST_CPU_BACKEND, weights));
    tf.dispose(weights);
    expect(calls).toEqual({ [BATCH_NORM_TRAIN_KERNEL]: bnLayers, [BATCH_NORM_TRAIN_GRAD_KERNEL]: bnLayers });
    expect(fused.loss).toBeCloseTo(stock.loss, 5);
    expectNear(fused.grads, stock.grads, 1e-3, 'gradient');
    expectNear(fused.after, stock.after, 1e-5, 'weight after the step (moving mean and variance included)');
  });

  it('keeps the tensor count flat over training steps', async () => {
    await tf.setBackend(FAST_CPU_BACKEND);
    const model = unet();
    model.compile({ optimizer: tf.train.sgd(0.01), loss: bceDiceLoss });
    const { x, y } = tinyBatch(2, SIZE);
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    await model.trainOnBatch(x, y);
    await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it("saves as tfjs' BatchNormalization and loads back as the fused layer", async () => {
    await tf.setBackend('cpu');
    const model = unet();
    const json = model.toJSON(null, false) as { config: { layers: { class_name: string }[] } };
    expect(json.config.layers.some((l) => l.class_name === 'BatchNormalization')).toBe(true);
    const loaded = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] });
    expect(loaded.layers.filter((l) => l.getClassName() === 'BatchNormalization').every((l) => l instanceof FusedBatchNormalization)).toBe(true);
    model.dispose();
    loaded.dispose();
  });

  it('runs tfjs-layers\' own call for settings the kernel does not cover (an axis other than the last), with the same result', async () => {
    const x = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 9);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const layer = batchNormalization({ axis: 1 });
      const input = x.clone();
      const out = layer.apply(input, { training: true }) as tf.Tensor;
      const values = await out.data();
      tf.dispose([out, input]);
      layer.dispose();
      return values as Float32Array;
    };
    const stock = await run('cpu');
    const { calls, result } = await countCalls([BATCH_NORM_TRAIN_KERNEL], () => run(FAST_CPU_BACKEND));
    expect(calls[BATCH_NORM_TRAIN_KERNEL]).toBe(0);
    expectNear([result], [stock], 1e-5, 'output');
    x.dispose();
  });
});
