/** Maskflow's WGSL kernels for 'maskflow-webgpu'; registerWebGpuBackend registers them over the stock webgpu ones. */
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter.js';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput.js';
import { conv2dConfig, fusedConv2dConfig } from './conv2dForward.js';
import { meanConfig, sumConfig } from './leadingAxesReduce.js';

/** Kernel configs (backendName 'maskflow-webgpu') that replace stock tfjs-backend-webgpu kernels. */
export const MASKFLOW_WEBGPU_KERNELS: KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  conv2dConfig,
  fusedConv2dConfig,
  sumConfig,
  meanConfig,
];

export { stockKernel } from './stockKernel.js';
export { convGradientPlan } from './kernelPlan.js';
export type { ConvGradientCall } from './kernelPlan.js';
