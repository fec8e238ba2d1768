/** The tutorial's U-Net, wired from the blocks in unetBlocks.ts. */
import { checkInteger, checkSize, OptionRangeError, OptionTypeError } from '@maskflow/errors';
import * as tf from '@tensorflow/tfjs';
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
  /** Encoder levels before the centre block, 1..6. Default 5. */
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
}

/** Resolved, validated options: every field present. */
export type ResolvedUNetOptions = Required<Omit<UNetOptions, 'seed'>> & { seed: number | undefined };

/** Check {@link UNetOptions} and fill in the defaults; throws TypeError / RangeError naming the option. */
export function resolveUNetOptions(opts: UNetOptions): ResolvedUNetOptions {
  if (typeof opts !== 'object' || opts === null) throw new OptionTypeError('buildUNet options', 'an object', opts);
  const { inputSize, channels = 3, baseFilters = 32, depth = 5, maxFilters = 0, seed, batchNormMomentum = 0.99, dropout = 0 } = opts;
  checkInteger('depth', depth, 1, 6);
  checkInteger('channels', channels, 1);
  checkInteger('baseFilters', baseFilters, 1);
  checkInteger('maxFilters', maxFilters, 0);
  if (seed !== undefined) checkInteger('seed', seed, 0);
  if (typeof batchNormMomentum !== 'number') throw new OptionTypeError('batchNormMomentum', 'a number in [0, 1)', batchNormMomentum);
  if (!(batchNormMomentum >= 0 && batchNormMomentum < 1)) throw new OptionRangeError('batchNormMomentum', 'a number in [0, 1)', batchNormMomentum);
  if (typeof dropout !== 'number') throw new OptionTypeError('dropout', 'a number in [0, 1)', dropout);
  if (!(dropout >= 0 && dropout < 1)) throw new OptionRangeError('dropout', 'a number in [0, 1)', dropout);
  const [height, width] = checkSize('inputSize', inputSize, depth);
  return { inputSize: [height, width], channels, baseFilters, depth, maxFilters, seed, batchNormMomentum, dropout };
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

  const input = tf.input({ shape: [inputSize[0], inputSize[1], channels], name: 'image' });
  const filters = Array.from({ length: depth }, (_, i) => levelFilters(resolved, i));

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
