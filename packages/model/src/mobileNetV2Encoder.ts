/**
 * MobileNetV2's inverted residual blocks (Sandler et al. 2018) to stride 16 (blocks 0-12) or 32
 * (blocks 0-16), as a U-Net encoder, with Keras Applications' layer names so that its ImageNet
 * weights load by name.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormalization } from './fusedBatchNormalization.js';
import type { EncoderFreeze } from './buildUNet.js';
import type { KernelInit } from './unetBlocks.js';

type Sym = tf.SymbolicTensor;

/** Each block's expansion, output channels and stride (Keras' MobileNetV2, alpha 1, blocks 0-16). */
const BLOCKS: readonly { expand: number; out: number; stride: number }[] = [
  { expand: 1, out: 16, stride: 1 },
  { expand: 6, out: 24, stride: 2 }, { expand: 6, out: 24, stride: 1 },
  { expand: 6, out: 32, stride: 2 }, { expand: 6, out: 32, stride: 1 }, { expand: 6, out: 32, stride: 1 },
  { expand: 6, out: 64, stride: 2 }, { expand: 6, out: 64, stride: 1 }, { expand: 6, out: 64, stride: 1 }, { expand: 6, out: 64, stride: 1 },
  { expand: 6, out: 96, stride: 1 }, { expand: 6, out: 96, stride: 1 }, { expand: 6, out: 96, stride: 1 },
  { expand: 6, out: 160, stride: 2 }, { expand: 6, out: 160, stride: 1 }, { expand: 6, out: 160, stride: 1 },
  { expand: 6, out: 320, stride: 1 },
];

/** Index of the last block of each stage, strides 2, 4, 8, 16 and 32. */
const STAGE_ENDS = [0, 2, 5, 12, 16] as const;

/** The last block each freeze keeps fixed, stem (block -1) included: -2 none, the stages to strides 2, 4 and 8, or all. */
const FROZEN_THROUGH: Readonly<Record<EncoderFreeze, number>> = { none: -2, bn: -2, stride2: STAGE_ENDS[0], stride4: STAGE_ENDS[1], stride8: STAGE_ENDS[2], all: Number.POSITIVE_INFINITY };

/** The encoder's depths: its stride-2 stages, 4 (to stride 16, blocks 0-12) or 5 (to 32, blocks 0-16). */
export const MOBILENET_V2_DEPTHS = [4, 5] as const;
/** One of {@link MOBILENET_V2_DEPTHS}. */
export type MobileNetV2Depth = (typeof MOBILENET_V2_DEPTHS)[number];

/** The encoder's outputs: the decoder's skips (strides 2 to 2^(depth-1), finest first) and the deepest features (stride 2^depth). */
export interface MobileNetV2Features {
  skips: Sym[];
  bottom: Sym;
}

/**
 * Keras' BatchNormalization epsilon in MobileNetV2 (1e-3); the ReLU is plain rather than
 * ReLU6: maskflow-cpu fuses ReLU and its gradient, while ReLU6's clip costs four stock kernels a
 * layer; fine-tuning adapts to the activations above 6 that ReLU6 would have clipped.
 */
function bnRelu(x: Sym, name: string, momentum: number, relu: boolean, trainable: boolean): Sym {
  const bn = batchNormalization({ name: `${name}_BN`, momentum, epsilon: 1e-3, trainable }).apply(x) as Sym;
  return relu ? (tf.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(bn) as Sym) : bn;
}

/**
 * The encoder on `input` (pixels scaled to [-1, 1], as MobileNetV2 was trained). Keras pads a
 * stride-2 layer's input by (0, 1) and convolves 'valid'; on even sizes that is TF's 'same', which
 * these layers use, so no Pad and Slice kernels run. Strides 2 need sizes divisible by 2^depth.
 * `init` gives each kernel its initializer (seeded, so a run without ImageNet weights repeats).
 * `freeze` 'bn' makes the batch-norm layers untrainable, which also runs them in inference mode
 * (FusedBatchNormalization, as in Keras 2.x); 'stride2', 'stride4' and 'stride8' make the stem
 * and the blocks to that stride untrainable (Detectron2's FREEZE_AT), batch norm included;
 * 'all' makes every layer untrainable.
 */
export function mobileNetV2Encoder(input: Sym, momentum: number, init: KernelInit, freeze: EncoderFreeze = 'none', depth: MobileNetV2Depth = 4): MobileNetV2Features {
  // Block -1 is the stem. With a stride freeze, nothing trainable lies before the frozen blocks,
  // so backpropagation stops at the first trainable block: the frozen ones cost a forward pass only.
  const trainableAt = (block: number) => block > FROZEN_THROUGH[freeze];
  const bnTrainableAt = (block: number) => freeze !== 'bn' && trainableAt(block);
  const stem = tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(), trainable: trainableAt(-1), name: 'Conv1' }).apply(input) as Sym;
  const stemBn = batchNormalization({ name: 'bn_Conv1', momentum, epsilon: 1e-3, trainable: bnTrainableAt(-1) }).apply(stem) as Sym;
  let x = tf.layers.activation({ activation: 'relu', name: 'Conv1_relu' }).apply(stemBn) as Sym;
  let channels = 32;
  const outputs: Sym[] = [];
  BLOCKS.slice(0, STAGE_ENDS[depth - 1]! + 1).forEach(({ expand, out, stride }, i) => {
    const prefix = i === 0 ? 'expanded_conv' : `block_${i}`;
    const trainable = trainableAt(i), bnTrainable = bnTrainableAt(i);
    let h = x;
    if (expand !== 1) {
      h = tf.layers.conv2d({ filters: channels * expand, kernelSize: 1, useBias: false, kernelInitializer: init(), trainable, name: `${prefix}_expand` }).apply(h) as Sym;
      h = bnRelu(h, `${prefix}_expand`, momentum, true, bnTrainable);
    }
    h = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false, depthwiseInitializer: init(), trainable, name: `${prefix}_depthwise` }).apply(h) as Sym;
    h = bnRelu(h, `${prefix}_depthwise`, momentum, true, bnTrainable);
    h = tf.layers.conv2d({ filters: out, kernelSize: 1, useBias: false, kernelInitializer: init(), trainable, name: `${prefix}_project` }).apply(h) as Sym;
    // The projection is linear (no ReLU): the block's output is a low-dimensional bottleneck.
    h = bnRelu(h, `${prefix}_project`, momentum, false, bnTrainable);
    if (stride === 1 && channels === out) h = tf.layers.add({ name: `${prefix}_add` }).apply([x, h]) as Sym;
    x = h;
    channels = out;
    outputs.push(x);
  });
  const ends = STAGE_ENDS.slice(0, depth).map((i) => outputs[i]!);
  return { skips: ends.slice(0, -1), bottom: ends.at(-1)! };
}
