/** Maskflow's WGSL kernels for 'maskflow-webgpu'; registerWebGpuBackend registers them over the stock webgpu ones. */
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { adamConfig } from './adam.js';
import { batchNormGradConfig } from './batchNormGrad.js';
import { batchNormReluTrainConfig, batchNormTrainConfig } from './batchNormTrain.js';
import { batchNormReluTrainGradConfig, batchNormTrainGradConfig } from './batchNormTrainGrad.js';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter.js';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput.js';
import { conv2dConfig, fusedConv2dConfig } from './conv2dForward.js';
import { meanConfig, sumConfig } from './leadingAxesReduce.js';
import { meanGradConfig, squareGradConfig } from './momentsGrad.js';
import { reluGradConfig } from './reluGrad.js';

/**
 * Kernel configs (backendName 'maskflow-webgpu') that replace stock tfjs-backend-webgpu kernels, and
 * the fused training kernels (ADAM_KERNEL, BATCH_NORM_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL,
 * BATCH_NORM_TRAIN_GRAD_KERNEL, their ReLU pair, MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL, RELU_GRAD_KERNEL) that @maskflow/kernels' hooks call.
 */
export const MASKFLOW_WEBGPU_KERNELS: KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  conv2dConfig,
  fusedConv2dConfig,
  sumConfig,
  meanConfig,
  adamConfig,
  batchNormGradConfig,
  batchNormTrainConfig,
  batchNormTrainGradConfig,
  batchNormReluTrainConfig,
  batchNormReluTrainGradConfig,
  meanGradConfig,
  squareGradConfig,
  reluGradConfig,
];

export { stockKernel } from './stockKernel.js';
export { convGradientPlan } from './kernelPlan.js';
export type { ConvGradientCall } from './kernelPlan.js';
export { ADAM_KERNEL, BATCH_NORM_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL, RELU_GRAD_KERNEL } from './fusedKernelNames.js';
export type { AdamAttrs } from './fusedKernelNames.js';
