import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL } from './batchNormTrain.js';

/**
 * Registers the gradients of BATCH_NORM_TRAIN_KERNEL and BATCH_NORM_RELU_TRAIN_KERNEL: one call of
 * their gradient kernel for x, scale and offset, including the paths through the batch statistics
 * (the upstream gradients of the mean and variance outputs are zeros that tfjs fills in when
 * nothing downstream uses them, as for a layer's moving averages). Idempotent.
 */
export function registerBatchNormTrainingGradient(): void {
  const pairs = [[BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, false], [BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, true]] as const;
  for (const [kernelName, gradKernel, relu] of pairs) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      // The ReLU pair's gradient recomputes the output's sign from x, so it needs the offset too.
      inputsToSave: relu ? ['x', 'scale', 'offset'] : ['x', 'scale'],
      outputsToSave: [false, true, true],
      gradFunc: (dys, saved, attrs) => {
        const [dy, dmean, dvariance] = dys as tf.Tensor[];
        const [x, scale, ...rest] = saved;
        const [offset, mean, variance] = relu ? rest : [undefined, ...rest];
        const inputs = { dy: dy!, x: x!, mean: mean!, variance: variance!, scale: scale!, dmean: dmean!, dvariance: dvariance!, ...(offset ? { offset } : {}) };
        const [dx, dScale, dOffset] = tf.engine().runKernel(gradKernel, inputs, attrs) as tf.Tensor[];
        return { x: () => dx!, scale: () => dScale!, offset: () => dOffset! };
      },
    });
  }
}

/** Whether the active backend registers `kernels`. */
const hasKernels = (...kernels: string[]): boolean => kernels.every((k) => tf.getKernel(k, tf.getBackend()) !== undefined);

/**
 * Batch norm in training over the last axis, fused: `[y, mean, variance]` with mean and variance
 * the biased statistics of x over every other axis (what tf.moments gives) and
 * y = (x - mean) / sqrt(variance + epsilon) * scale + offset, differentiable with respect to x,
 * scale and offset. With `relu`, y = max(0, that): one kernel where the backend has the pair
 * (maskflow-cpu, maskflow-webgpu), else the batch-norm kernel then tf.relu. Runs
 * BATCH_NORM_TRAIN_KERNEL when the active backend registers it and its gradient (maskflow-cpu,
 * maskflow-webgpu) and the tensors are float32 with [C] parameters; returns undefined otherwise,
 * and the caller composes tf.moments and tf.batchNorm as tfjs-layers does. Call it inside the
 * caller's tidy: the batch norm's own output before tf.relu is left to it.
 */
export function batchNormTraining(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, epsilon: number, relu = false): [tf.Tensor, tf.Tensor, tf.Tensor] | undefined {
  if (!hasKernels(BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL)) return undefined;
  const c = x.shape[x.rank - 1];
  const fits = x.rank >= 2 && c !== undefined && c > 0 && [x, scale, offset].every((t) => t.dtype === 'float32') &&
    [scale, offset].every((t) => t.rank === 1 && t.size === c);
  if (!fits) return undefined;
  registerBatchNormTrainingGradient();
  const attrs = { varianceEpsilon: epsilon };
  if (relu && hasKernels(BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL)) {
    return tf.engine().runKernel(BATCH_NORM_RELU_TRAIN_KERNEL, { x, scale, offset }, attrs) as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN_KERNEL, { x, scale, offset }, attrs) as [tf.Tensor, tf.Tensor, tf.Tensor];
  return [relu ? tf.relu(y) : y, mean, variance];
}
