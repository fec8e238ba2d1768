/** A U-Net on MobileNetV2's blocks to stride 16 or 32 (segmentation_models' `Unet('mobilenetv2')`), for few-image sets. */
import * as tf from '@tensorflow/tfjs';
import { loadImagenetWeights } from './imagenetWeights.js';
import { mobileNetV2Encoder, type MobileNetV2Depth } from './mobileNetV2Encoder.js';
import { spatialDropout } from './spatialDropout.js';
import { convBlock, decoderBlock, outputConv, type KernelInit } from './unetBlocks.js';
import type { ResolvedUNetOptions } from './buildUNet.js';

type Sym = tf.SymbolicTensor;

/**
 * The encoder: MobileNetV2 on the pixels scaled to [-1, 1], with features at strides 2 to 16
 * (`depth` 4) or 32 (`depth` 5), plus one conv_block at full resolution (`encoder1`), which gives
 * the outline the photo's own pixels rather than stride 2's. The decoder is the tutorial's:
 * decoder blocks from the deepest stride up, level i with `filters[i]` filters. With
 * `encoderWeights` 'imagenet' the encoder starts from ImageNet's weights; every other layer from
 * the seeded initializers.
 */
export function buildMobileNetV2UNet(opts: ResolvedUNetOptions, filters: readonly number[], init: KernelInit): tf.LayersModel {
  const { inputSize, channels, batchNormMomentum: momentum, dropout, seed } = opts;
  const input = tf.input({ shape: [inputSize[0], inputSize[1], channels], name: 'image' });
  // The trainer feeds pixels / 255; MobileNetV2 was trained on pixels / 127.5 - 1.
  const scaled = tf.layers.rescaling({ scale: 2, offset: -1, name: 'image_scale' }).apply(input) as Sym;
  // The encoder's seeds run apart from the decoder's (`init`), from seed + 2^33, so the decoder
  // starts from the same weights with or without ImageNet's (which overwrite the encoder's).
  let encoderSeed = seed === undefined ? undefined : seed + 2 ** 33;
  const encoderInit: KernelInit = () => tf.initializers.glorotUniform(encoderSeed === undefined ? {} : { seed: encoderSeed++ });
  const { skips, bottom } = mobileNetV2Encoder(scaled, momentum, encoderInit, opts.encoderFreeze, opts.depth as MobileNetV2Depth);
  let x = bottom;
  if (dropout > 0) x = spatialDropout({ rate: dropout, seed: seed === undefined ? undefined : seed + 2 ** 32, name: 'center_dropout' }).apply(x) as Sym;
  const levels: Sym[] = [convBlock(input, filters[0]!, 'encoder1', init, momentum), ...skips];
  for (let i = levels.length - 1; i >= 0; i--) {
    x = decoderBlock(x, levels[i]!, filters[i]!, `decoder${i + 1}`, init, momentum);
  }
  const model = tf.model({ inputs: input, outputs: outputConv(x, 'mask', init), name: 'unet' });
  try {
    if (opts.encoderWeights === 'imagenet') loadImagenetWeights(model);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}
