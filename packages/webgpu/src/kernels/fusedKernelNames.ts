/**
 * Names and attributes of the fused training kernels that @maskflow/kernels' model-level hooks call
 * (FusedAdamOptimizer, the re-registered FusedBatchNorm, Mean, Square and Relu gradients, the
 * training batch-norm op and its gradient). Those hooks run whichever backend registers a kernel
 * under these names; maskflow-cpu registers wasm ones, this package WGSL ones.
 * The string and the attribute fields are the contract (as tfjs backends register under tfjs-core's
 * kernel names); @maskflow/model's webgpuBackend test, which imports both packages, fails if the
 * hooks stop reaching these kernels. See src/kernels/README.md for why there is no shared package.
 */

/** Fused Adam update: inputs x, g, m, v (one variable); outputs x', m', v'; attributes {@link AdamAttrs}. */
export const ADAM_KERNEL = 'MaskflowAdam';

/** Attributes of {@link ADAM_KERNEL}: tfjs' Adam scalars and the bias corrections 1 - beta^t (float32, as tfjs computes them). */
export interface AdamAttrs {
  beta1: number;
  beta2: number;
  learningRate: number;
  epsilon: number;
  correction1: number;
  correction2: number;
}

/** All five FusedBatchNorm gradients: inputs dy, x, mean, variance, scale?; outputs dx, dmean, dvariance, dscale, doffset; attribute varianceEpsilon. */
export const BATCH_NORM_GRAD_KERNEL = 'MaskflowBatchNormGrad';

/**
 * A training batch norm's forward pass: inputs x ([..., C], rank >= 2), scale, offset ([C]); attribute
 * varianceEpsilon; outputs y, mean, variance (the biased batch statistics over every axis but the last).
 */
export const BATCH_NORM_TRAIN_KERNEL = 'MaskflowBatchNormTrain';

/**
 * Its gradient through the batch statistics: inputs dy, x, mean, variance, scale, dmean, dvariance
 * (the upstream gradients of the mean and variance outputs); attribute varianceEpsilon; outputs dx, dscale, doffset.
 */
export const BATCH_NORM_TRAIN_GRAD_KERNEL = 'MaskflowBatchNormTrainGrad';

/** {@link BATCH_NORM_TRAIN_KERNEL} with a ReLU on y (y = max(0, batch norm)): same inputs, attribute and outputs. */
export const BATCH_NORM_RELU_TRAIN_KERNEL = 'MaskflowBatchNormReluTrain';

/**
 * Its gradient: {@link BATCH_NORM_TRAIN_GRAD_KERNEL}'s inputs plus offset, with dy passed only where
 * the forward's y (recomputed from x) was positive; outputs dx, dscale, doffset.
 */
export const BATCH_NORM_RELU_TRAIN_GRAD_KERNEL = 'MaskflowBatchNormReluTrainGrad';

/** Mean's gradient: input dy; attributes { shape, axes } (a sorted leading or trailing block of shape's axes); output dy / n broadcast to shape. */
export const MEAN_GRAD_KERNEL = 'MaskflowMeanGrad';

/** Square's gradient: inputs dy and x of one shape; output dy * (x * 2). */
export const SQUARE_GRAD_KERNEL = 'MaskflowSquareGrad';

/** Relu's gradient: inputs dy and x of one shape; output dy * step(x) (dy where x > 0, NaN where x is NaN, else dy * 0). */
export const RELU_GRAD_KERNEL = 'MaskflowReluGrad';
