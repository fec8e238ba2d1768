/** The tutorial's U-Net, wired from the blocks in unetBlocks.ts. */
import { checkChoice, checkInteger, checkSize, OptionRangeError, OptionTypeError } from '@maskflow/errors';
import * as tf from '@tensorflow/tfjs';
import { MOBILENET_V2_DEPTHS } from './mobileNetV2Encoder.js';
import { buildMobileNetV2UNet } from './mobileNetV2UNet.js';
import { spatialDropout } from './spatialDropout.js';
import { convBlock, decoderBlock, encoderBlock, outputConv, type KernelInit } from './unetBlocks.js';

/** Options of {@link buildUNet}. */
export interface UNetOptions {
  /** [height, width] of the input; both divisible by 2^depth. */
  inputSize: [number, number];
  /** Input channels (3 for RGB). Default 3. */
  channels?: number;
  /** Filters of the first encoder level; each level doubles them. Default 32. */
  baseFilters?: number;
  /** Encoder levels before the centre block, 1..6. Default 5 (with the mobilenet_v2 encoder: 4 or 5, default 4). */
  depth?: number;
  /**
   * Cap on any level's filters (nnU-Net caps them the same way), or 0 for none. Default 0. The deep,
   * small levels hold most of the weights and, with few pixels each, run slowest per FLOP on a CPU.
   */
  maxFilters?: number;
  /** Seed for the kernel initializers, for reproducible weights. Default: unseeded. */
  seed?: number;
  /**
   * BatchNorm moving-statistics momentum, 0..1. Default 0.99 (Keras, the tutorial); 0.9 (PyTorch's
   * default) lets the statistics used at validation follow weights that change fast on small data.
   */
  batchNormMomentum?: number;
  /**
   * Spatial dropout rate on the centre block's output, 0..1 (whole feature maps zeroed in training,
   * Keras SpatialDropout2D): the original U-Net's "drop-out layers at the end of the contracting
   * path". Default 0 (none, the tutorial).
   */
  dropout?: number;
  /**
   * The encoder: 'unet' (default, the tutorial's: `depth` conv blocks) or 'mobilenet_v2'
   * (MobileNetV2's blocks with a conv block at full resolution; `depth` is then 4, blocks 0-12 to
   * stride 16 and the default, or 5, blocks 0-16 to stride 32, and sizes must divide by 2^depth).
   * See mobileNetV2UNet.ts.
   */
  encoder?: UNetEncoder;
  /** The mobilenet_v2 encoder's starting weights: 'imagenet' (default) or 'none' (the seeded initializers). */
  encoderWeights?: (typeof ENCODER_WEIGHTS)[number];
  /**
   * What of the mobilenet_v2 encoder stays fixed in training: 'none' (default: everything trains),
   * 'bn' (its batch-norm layers run in inference mode on ImageNet's statistics, as Keras' transfer
   * learning guide advises; its convolutions train), 'stride2', 'stride4' or 'stride8' (the stem
   * and the blocks to that stride keep ImageNet's weights and statistics, as Detectron2's
   * FREEZE_AT: generic low-level features, and no backward pass through the largest feature
   * maps) or 'all' (segmentation_models' `encoder_freeze`: only the decoder and `encoder1` train).
   */
  encoderFreeze?: EncoderFreeze;
}

/** The encoders {@link buildUNet} builds. */
export const UNET_ENCODERS = ['unet', 'mobilenet_v2'] as const;
/** One of {@link UNET_ENCODERS}. */
export type UNetEncoder = (typeof UNET_ENCODERS)[number];
/** The mobilenet_v2 encoder's starting weights. */
export const ENCODER_WEIGHTS = ['imagenet', 'none'] as const;
/** What of the mobilenet_v2 encoder {@link buildUNet} can freeze. */
export const ENCODER_FREEZE = ['none', 'bn', 'stride2', 'stride4', 'stride8', 'all'] as const;
/** One of {@link ENCODER_FREEZE}. */
export type EncoderFreeze = (typeof ENCODER_FREEZE)[number];

/** Resolved, validated options: every field present. */
export type ResolvedUNetOptions = Required<Omit<UNetOptions, 'seed'>> & { seed: number | undefined };

/** Check {@link UNetOptions} and fill in the defaults; throws TypeError / RangeError naming the option. */
export function resolveUNetOptions(opts: UNetOptions): ResolvedUNetOptions {
  if (typeof opts !== 'object' || opts === null) throw new OptionTypeError('buildUNet options', 'an object', opts);
  const { inputSize, channels = 3, baseFilters = 32, maxFilters = 0, seed, batchNormMomentum = 0.99, dropout = 0, encoder = 'unet', encoderWeights = 'imagenet', encoderFreeze = 'none' } = opts;
  checkChoice('encoder', encoder, UNET_ENCODERS);
  checkChoice('encoderWeights', encoderWeights, ENCODER_WEIGHTS);
  checkChoice('encoderFreeze', encoderFreeze, ENCODER_FREEZE);
  if (encoder !== 'mobilenet_v2' && encoderFreeze !== 'none') {
    throw new OptionRangeError('encoderFreeze', "'none' with the unet encoder (it has no pretrained weights to keep)", encoderFreeze, "Pass encoder 'mobilenet_v2', or leave encoderFreeze out");
  }
  const depth = opts.depth ?? (encoder === 'mobilenet_v2' ? 4 : 5);
  checkInteger('depth', depth, 1, 6);
  if (encoder === 'mobilenet_v2' && !(MOBILENET_V2_DEPTHS as readonly number[]).includes(depth)) {
    throw new OptionRangeError('depth', '4 or 5 with the mobilenet_v2 encoder (its stride-2 stages: to stride 16 or 32)', depth, 'Leave depth out (4) with encoder mobilenet_v2, or pass 5');
  }
  if (encoder === 'mobilenet_v2' && encoderWeights === 'imagenet' && channels !== 3) {
    throw new OptionRangeError('channels', '3 with ImageNet weights (RGB)', channels, "Pass encoderWeights 'none' for other channel counts");
  }
  checkInteger('channels', channels, 1);
  checkInteger('baseFilters', baseFilters, 1);
  checkInteger('maxFilters', maxFilters, 0);
  if (seed !== undefined) checkInteger('seed', seed, 0);
  if (typeof batchNormMomentum !== 'number') throw new OptionTypeError('batchNormMomentum', 'a number in [0, 1)', batchNormMomentum);
  if (!(batchNormMomentum >= 0 && batchNormMomentum < 1)) throw new OptionRangeError('batchNormMomentum', 'a number in [0, 1)', batchNormMomentum);
  if (typeof dropout !== 'number') throw new OptionTypeError('dropout', 'a number in [0, 1)', dropout);
  if (!(dropout >= 0 && dropout < 1)) throw new OptionRangeError('dropout', 'a number in [0, 1)', dropout);
  const [height, width] = checkSize('inputSize', inputSize, depth, encoder === 'mobilenet_v2' && depth === 4 ? 'the mobilenet_v2 encoder' : undefined);
  return { inputSize: [height, width], channels, baseFilters, depth, maxFilters, seed, batchNormMomentum, dropout, encoder, encoderWeights, encoderFreeze };
}

/** Filters of level `level` (0: the first encoder level; `depth`: the centre): baseFilters * 2^level, capped at maxFilters. */
export function levelFilters(opts: Pick<ResolvedUNetOptions, 'baseFilters' | 'maxFilters'>, level: number): number {
  const f = opts.baseFilters * 2 ** level;
  return opts.maxFilters > 0 ? Math.min(f, opts.maxFilters) : f;
}

/**
 * Build the U-Net: `depth` encoder blocks with baseFilters * 2^i filters, a centre conv_block with
 * baseFilters * 2^depth (each capped at maxFilters) and, with `dropout`, spatial dropout after it,
 * mirrored decoder blocks, and a 1x1 sigmoid conv. Output [B, H, W, 1].
 */
export function buildUNet(opts: UNetOptions): tf.LayersModel {
  const resolved = resolveUNetOptions(opts);
  const { inputSize, channels, depth, seed, batchNormMomentum: momentum, dropout } = resolved;
  let nextSeed = seed;
  const init: KernelInit = () =>
    tf.initializers.glorotUniform(nextSeed === undefined ? {} : { seed: nextSeed++ });

  const filters = Array.from({ length: depth }, (_, i) => levelFilters(resolved, i));
  if (resolved.encoder === 'mobilenet_v2') return buildMobileNetV2UNet(resolved, filters, init);
  const input = tf.input({ shape: [inputSize[0], inputSize[1], channels], name: 'image' });

  const skips: tf.SymbolicTensor[] = [];
  let x = input;
  filters.forEach((f, i) => {
    const { pooled, skip } = encoderBlock(x, f, `encoder${i + 1}`, init, momentum);
    skips.push(skip);
    x = pooled;
  });
  x = convBlock(x, levelFilters(resolved, depth), 'center', init, momentum);
  if (dropout > 0) {
    // Its mask seeds start past any initializer's (seed, seed + 1, ... one per layer).
    const dropoutSeed = seed === undefined ? undefined : seed + 2 ** 32;
    x = spatialDropout({ rate: dropout, seed: dropoutSeed, name: 'center_dropout' }).apply(x) as tf.SymbolicTensor;
  }
  for (let i = depth - 1; i >= 0; i--) {
    x = decoderBlock(x, skips[i] as tf.SymbolicTensor, filters[i] as number, `decoder${i + 1}`, init, momentum);
  }
  const output = outputConv(x, 'mask', init);
  return tf.model({ inputs: input, outputs: output, name: 'unet' });
}
