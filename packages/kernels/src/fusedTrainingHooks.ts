import * as tf from '@tensorflow/tfjs-core';
import { registerBatchNormGradient } from './batchNormGrad.js';
import { registerBatchNormTrainingGradient } from './batchNormTraining.js';
import { FusedAdamOptimizer } from './fusedAdamOptimizer.js';
import { registerMomentsGradients } from './momentsGrad.js';
import { registerReluGradient } from './reluGrad.js';

/**
 * Installs the model-level hooks that run Maskflow's fused training kernels on any backend that
 * registers them (maskflow-cpu's wasm kernels, maskflow-webgpu's WGSL ones): FusedAdamOptimizer as
 * tfjs' serializable 'Adam' (what @maskflow/model's createAdam and loaded training configs build),
 * the gradients of FusedBatchNorm, Mean and Square (tf.moments in batch norm) and Relu, and the
 * gradient of the fused batch norm in training (`batchNormTraining`). On
 * other backends everything runs as tfjs' own. Idempotent.
 */
export function registerFusedTrainingHooks(): void {
  tf.serialization.registerClass(FusedAdamOptimizer);
  registerBatchNormGradient();
  registerBatchNormTrainingGradient();
  registerMomentsGradients();
  registerReluGradient();
}
