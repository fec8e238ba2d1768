/**
 * The U-Net's building blocks (tutorial "Image Segmentation with tf.keras"; layout after
 * Pytorch-UNet's unet_parts.py, https://github.com/milesial/Pytorch-UNet). Each block takes a
 * symbolic tensor and returns one; layer names are `<prefix>_<role>` so the summary reads well.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormalization } from './fusedBatchNormalization.js';

type Sym = tf.SymbolicTensor;

/** Keras' Conv2D default kernel initializer (tfjs defaults to glorotNormal), optionally seeded. */
export type KernelInit = () => ReturnType<typeof tf.initializers.glorotUniform>;

/** Conv 3x3 'same' -> BatchNorm (moving statistics with `momentum`, Keras default 0.99) -> ReLU. */
export function convBnRelu(x: Sym, filters: number, name: string, init: KernelInit, momentum = 0.99): Sym {
  const conv = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', kernelInitializer: init(), name: `${name}_conv` });
  const bn = batchNormalization({ name: `${name}_bn`, momentum });
  const relu = tf.layers.activation({ activation: 'relu', name: `${name}_relu` });
  return relu.apply(bn.apply(conv.apply(x))) as Sym;
}

/** conv_block: (Conv 3x3 -> BN -> ReLU) twice. */
export function convBlock(x: Sym, filters: number, name: string, init: KernelInit, momentum = 0.99): Sym {
  return convBnRelu(convBnRelu(x, filters, `${name}_a`, init, momentum), filters, `${name}_b`, init, momentum);
}

/** encoder_block: conv_block, then MaxPool 2x2 stride 2; returns the pre-pool tensor as the skip. */
export function encoderBlock(x: Sym, filters: number, name: string, init: KernelInit, momentum = 0.99): { pooled: Sym; skip: Sym } {
  const skip = convBlock(x, filters, name, init, momentum);
  const pooled = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `${name}_pool` }).apply(skip) as Sym;
  return { pooled, skip };
}

/** decoder_block: ConvTranspose 2x2 stride 2 -> concat(skip, up) -> BN -> ReLU -> (Conv 3x3 -> BN -> ReLU) twice. */
export function decoderBlock(x: Sym, skip: Sym, filters: number, name: string, init: KernelInit, momentum = 0.99): Sym {
  const up = tf.layers
    .conv2dTranspose({ filters, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer: init(), name: `${name}_up` })
    .apply(x) as Sym;
  const merged = tf.layers.concatenate({ axis: -1, name: `${name}_concat` }).apply([skip, up]) as Sym;
  const bn = batchNormalization({ name: `${name}_bn`, momentum }).apply(merged) as Sym;
  const relu = tf.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(bn) as Sym;
  return convBlock(relu, filters, name, init, momentum);
}

/** Final 1x1 conv with sigmoid: one probability per pixel. */
export function outputConv(x: Sym, name: string, init: KernelInit): Sym {
  return tf.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid', kernelInitializer: init(), name }).apply(x) as Sym;
}
