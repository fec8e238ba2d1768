import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL } from './batchNormTrain.js';

/**
 * Registers the gradient of BATCH_NORM_TRAIN_KERNEL: one BATCH_NORM_TRAIN_GRAD_KERNEL call for x,
 * scale and offset, including the paths through the batch statistics (the upstream gradients of
 * the mean and variance outputs are zeros that tfjs fills in when nothing downstream uses them, as
 * for a layer's moving averages). Idempotent.
 */
export function registerBatchNormTrainingGradient(): void {
  if (tf.getGradient(BATCH_NORM_TRAIN_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: BATCH_NORM_TRAIN_KERNEL,
    inputsToSave: ['x', 'scale'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [dy, dmean, dvariance] = dys as tf.Tensor[];
      const [x, scale, mean, variance] = saved;
      const inputs = { dy: dy!, x: x!, mean: mean!, variance: variance!, scale: scale!, dmean: dmean!, dvariance: dvariance! };
      const [dx, dScale, dOffset] = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD_KERNEL, inputs, attrs) as tf.Tensor[];
      return { x: () => dx!, scale: () => dScale!, offset: () => dOffset! };
    },
  });
}

/**
 * Batch norm in training over the last axis, fused: `[y, mean, variance]` with mean and variance
 * the biased statistics of x over every other axis (what tf.moments gives) and
 * y = (x - mean) / sqrt(variance + epsilon) * scale + offset, differentiable with respect to x,
 * scale and offset. Runs BATCH_NORM_TRAIN_KERNEL when the active backend registers it and its
 * gradient (maskflow-cpu, maskflow-webgpu) and the tensors are float32 with [C] parameters; returns
 * undefined otherwise, and the caller composes tf.moments and tf.batchNorm as tfjs-layers does.
 */
export function batchNormTraining(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, epsilon: number): [tf.Tensor, tf.Tensor, tf.Tensor] | undefined {
  const backend = tf.getBackend();
  if (tf.getKernel(BATCH_NORM_TRAIN_KERNEL, backend) === undefined || tf.getKernel(BATCH_NORM_TRAIN_GRAD_KERNEL, backend) === undefined) return undefined;
  const c = x.shape[x.rank - 1];
  const fits = x.rank >= 2 && c !== undefined && c > 0 && [x, scale, offset].every((t) => t.dtype === 'float32') &&
    [scale, offset].every((t) => t.rank === 1 && t.size === c);
  if (!fits) return undefined;
  registerBatchNormTrainingGradient();
  return tf.engine().runKernel(BATCH_NORM_TRAIN_KERNEL, { x, scale, offset }, { varianceEpsilon: epsilon }) as [tf.Tensor, tf.Tensor, tf.Tensor];
}
