export { FAST_CPU_BACKEND, fastCpuBackendInfo, registerFastCpuBackend } from './registerFastCpuBackend.js';
export type { FastCpuBackendInfo, FastCpuBackendOptions } from './registerFastCpuBackend.js';
export { SIMD_ENV } from './simdBuild.js';
export type { SimdBuild } from './simdBuild.js';
export { FusedAdamOptimizer } from './fusedAdamOptimizer.js';
export { registerBatchNormGradient } from './batchNormGrad.js';
/** FusedAdamOptimizer as 'Adam' and every fused gradient hook, for a backend that registers the fused kernels. */
export { registerFusedTrainingHooks } from './fusedTrainingHooks.js';
/** Mean's and Square's gradients (tf.moments) as one kernel each on backends that register MaskflowMeanGrad / MaskflowSquareGrad. */
export { registerMomentsGradients } from './momentsGrad.js';
/** Relu's gradient as one kernel on backends that register MaskflowReluGrad. */
export { registerReluGradient } from './reluGrad.js';
/** Batch norm in training as one fused kernel with one fused gradient, on backends that register MaskflowBatchNormTrain (and its gradient). */
export { batchNormTraining, registerBatchNormTrainingGradient } from './batchNormTraining.js';
export { BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL } from './batchNormTrain.js';
export { MOVING_AVERAGES_KERNEL, movingAverages } from './movingAverages.js';
