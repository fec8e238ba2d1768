export { FAST_CPU_BACKEND, registerFastCpuBackend } from './registerFastCpuBackend.js';
export type { FastCpuBackendOptions } from './registerFastCpuBackend.js';
export { FusedAdamOptimizer } from './fusedAdamOptimizer.js';
export { registerBatchNormGradient } from './batchNormGrad.js';
