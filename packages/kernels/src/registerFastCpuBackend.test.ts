import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { ADAM_KERNEL } from './adamKernel.js';
import { BATCH_NORM_GRAD_KERNEL } from './batchNormGrad.js';
import { BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL } from './batchNormTrain.js';
import { MOVING_AVERAGES_KERNEL } from './movingAverages.js';
import { MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL } from './momentsGrad.js';
import { RELU_GRAD_KERNEL } from './reluGrad.js';
import { FAST_CPU_BACKEND, registerFastCpuBackend } from './index.js';

describe('registerFastCpuBackend', () => {
  it('registers maskflow-cpu with every stock cpu kernel (plus the fused Adam, batch-norm training and gradient with and without the ReLU after it, moving averages, ReLU, Mean and Square gradients), idempotently', async () => {
    const name = await registerFastCpuBackend();
    expect(name).toBe(FAST_CPU_BACKEND);
    expect(await registerFastCpuBackend()).toBe(FAST_CPU_BACKEND);
    const stock = tf.getKernelsForBackend('cpu').map((k) => k.kernelName).sort();
    const fast = tf.getKernelsForBackend(FAST_CPU_BACKEND).map((k) => k.kernelName).sort();
    expect(fast).toEqual([...stock, ADAM_KERNEL, BATCH_NORM_GRAD_KERNEL, RELU_GRAD_KERNEL, MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, MOVING_AVERAGES_KERNEL].sort());
    expect(await tf.setBackend(FAST_CPU_BACKEND)).toBe(true);
    const y = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());
    expect(y).toEqual([4, 6]);
    await tf.setBackend('cpu');
  });

  it('rejects a bad threads option', () => {
    expect(() => registerFastCpuBackend({ threads: 0 })).toThrow(RangeError);
    expect(() => registerFastCpuBackend({ threads: '2' as unknown as number })).toThrow(TypeError);
  });
});
