import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_TRAIN_KERNEL, FAST_CPU_BACKEND, registerFastCpuBackend, registerFusedTrainingHooks } from '@maskflow/kernels';
import { fuseBatchNormRelu } from './batchNormRelu.js';
import { buildUNet, type UNetOptions } from './buildUNet.js';
import { FusedBatchNormalization } from './fusedBatchNormalization.js';
import { countKernelCalls, expectNear, tinyBatch, unetStepOf } from './__tests__/fixtures.js';

beforeAll(async () => {
  await registerFastCpuBackend({ threads: 2 });
  registerFusedTrainingHooks();
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const SIZE = 16;
const tutorial: UNetOptions = { inputSize: [SIZE, SIZE], baseFilters: 4, depth: 2, seed: 5 };
const mobileNet: UNetOptions = { inputSize: [SIZE, SIZE], baseFilters: 2, maxFilters: 4, seed: 5, encoder: 'mobilenet_v2', encoderWeights: 'none' };

/** One training step (unetStep) of a fresh model on `backend`, fused or not. */
async function stepOf(backend: string, options: UNetOptions, fuse: boolean): ReturnType<typeof unetStepOf> {
  await tf.setBackend(backend);
  return unetStepOf(options, SIZE, fuse ? fuseBatchNormRelu : undefined);
}

describe('fuseBatchNormRelu', () => {
  it('pairs every batch norm that only a ReLU reads, and leaves the others and the model file as they were', async () => {
    await tf.setBackend('cpu');
    const plain = buildUNet(tutorial);
    const mobile = buildUNet(mobileNet);
    try {
      const json = [JSON.stringify(plain.toJSON()), JSON.stringify(mobile.toJSON())];
      const bn = (m: tf.LayersModel) => m.layers.filter((l) => l instanceof FusedBatchNormalization) as FusedBatchNormalization[];
      // The tutorial's U-Net: every batch norm feeds a ReLU.
      expect(fuseBatchNormRelu(plain)).toHaveLength(bn(plain).length);
      expect(bn(plain).every((l) => l.reluAfter)).toBe(true);
      // MobileNetV2's projections end linear (no ReLU after their batch norm): left alone.
      const names = fuseBatchNormRelu(mobile);
      const projections = bn(mobile).filter((l) => l.name.endsWith('_project_BN'));
      expect(projections.length).toBeGreaterThan(0);
      expect(projections.some((l) => l.reluAfter)).toBe(false);
      expect(names).toHaveLength(bn(mobile).length - projections.length);
      expect(fuseBatchNormRelu(mobile)).toEqual(names);
      expect([JSON.stringify(plain.toJSON()), JSON.stringify(mobile.toJSON())]).toEqual(json);
    } finally {
      plain.dispose();
      mobile.dispose();
    }
  });

  it('predicts what the model predicted before, bit for bit', async () => {
    await tf.setBackend(FAST_CPU_BACKEND);
    const model = buildUNet(tutorial);
    const { x, y } = tinyBatch(2, SIZE);
    try {
      const before = (model.predict(x) as tf.Tensor).dataSync().slice();
      fuseBatchNormRelu(model);
      const after = model.predict(x) as tf.Tensor;
      expect(Array.from(after.dataSync())).toEqual(Array.from(before));
      after.dispose();
    } finally {
      tf.dispose([x, y]);
      model.dispose();
    }
  });

  it.each([
    ['the tutorial encoder', tutorial],
    ['the MobileNetV2 encoder', mobileNet],
  ])('trains %s on maskflow-cpu as the unfused model does, through the batch-norm-and-ReLU kernels', async (_, options) => {
    const unfused = await stepOf(FAST_CPU_BACKEND, options, false);
    const kernels = [BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, tf.Relu];
    const { calls, result: fused } = await countKernelCalls(FAST_CPU_BACKEND, kernels, () => stepOf(FAST_CPU_BACKEND, options, true));
    await tf.setBackend('cpu');
    const model = buildUNet(options);
    const fusedPairs = fuseBatchNormRelu(model).length;
    const batchNorms = model.layers.filter((l) => l instanceof FusedBatchNormalization).length;
    model.dispose();
    expect(calls[BATCH_NORM_RELU_TRAIN_KERNEL]).toBe(fusedPairs);
    expect(calls[BATCH_NORM_RELU_TRAIN_GRAD_KERNEL]).toBe(fusedPairs);
    expect(calls[BATCH_NORM_TRAIN_KERNEL]).toBe(batchNorms - fusedPairs);
    expect(calls[tf.Relu]).toBe(0);
    expect(fused.loss).toBeCloseTo(unfused.loss, 5);
    expectNear(fused.grads, unfused.grads, 1e-4, 'gradient');
    expectNear(fused.after, unfused.after, 1e-5, 'weight');
  });

  it('trains on tfjs-cpu, which has no kernel pair, exactly as the unfused model does', async () => {
    const unfused = await stepOf('cpu', tutorial, false);
    const fused = await stepOf('cpu', tutorial, true);
    expect(fused.loss).toBe(unfused.loss);
    expect(fused.grads.map((g) => Array.from(g))).toEqual(unfused.grads.map((g) => Array.from(g)));
  });

  it('keeps the tensor count flat over training steps', async () => {
    await tf.setBackend(FAST_CPU_BACKEND);
    const model = buildUNet(tutorial);
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
    fuseBatchNormRelu(model);
    const { x, y } = tinyBatch(2, SIZE);
    try {
      await model.trainOnBatch(x, y);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.dispose([x, y]);
      model.dispose();
    }
  });
});
