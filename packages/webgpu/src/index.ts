/** @maskflow/webgpu: the 'maskflow-webgpu' TensorFlow.js backend on Dawn, with Maskflow's WGSL kernels. */
export { WEBGPU_BACKEND, registerWebGpuBackend, releaseWebGpuBackend, activeWebGpuBackend } from './registerWebGpuBackend.js';
export type { WebGpuBackendInfo, WebGpuBackendOptions } from './registerWebGpuBackend.js';
export { MaskflowWebGpuBackend } from './maskflowWebGpuBackend.js';
export { PROBE_FAILED_HINT, probeWebGpu } from './probeWebGpu.js';
export { probeAdapterInChild } from './probeInChild.js';
export type { ChildProbe, ChildProbeOptions } from './probeInChild.js';
export type { WebGpuProbe } from './probeWebGpu.js';
export { describeAdapter, formatAdapter, largestTensorBytes } from './describeAdapter.js';
export type { AdapterDescription, AdapterFacts, AdapterLimits } from './describeAdapter.js';
export { findVulkanIcd } from './findVulkanIcd.js';
export type { VulkanIcd } from './findVulkanIcd.js';
export { BufferLimitError, KernelInputError, NVIDIA_VULKAN_HINT, noAdapterHint, WebGpuUnavailableError, VULKAN_HINT } from './errors.js';
export { MASKFLOW_WEBGPU_KERNELS, stockKernel, convGradientPlan, ADAM_KERNEL, BATCH_NORM_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL, RELU_GRAD_KERNEL } from './kernels/index.js';
export type { ConvGradientCall, AdamAttrs } from './kernels/index.js';
