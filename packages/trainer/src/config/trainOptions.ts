/**
 * The one schema of the train options: each option's default, check, help line and whether a
 * resume may change it. The yargs flags, TRAIN_DEFAULTS, validateTrainOptions and the resume rule
 * are all built from this table; the bounds of the loader's options are the pipeline's own.
 */
import { checkBoolean, checkChoice, checkInteger, checkNonEmptyString, checkNumber, OptionRangeError } from '@maskflow/errors';
import type { Fold } from '@maskflow/datasets';
import { ENCODER_FREEZE, ENCODER_WEIGHTS, TRAINING_LOSS_NAMES, UNET_ENCODERS, type BackendPreference, type TrainingLossName, type UNetEncoder, type UNetOptions } from '@maskflow/model';
import { LOADER_LIMITS, type Foreground, type LoaderOptions, type MaskSource } from '@maskflow/pipeline';
import type { LrScheduleName } from '../train/policies/lrSchedule.js';
import { parseFold } from './parseFold.js';
import { parseForeground } from './parseForeground.js';
import { parseSize } from './parseSize.js';

/** How one train option is defaulted, checked, shown in --help and treated on resume. */
export interface TrainOptionSpec<T> {
  /** The value when neither the preset, a config file nor a flag sets it. */
  default: T;
  /** Check a value the caller set (`option` is the library name, e.g. `batchSize`); returns it normalized. */
  check: (option: string, value: unknown) => T;
  /** The --help line. */
  help: string;
  /** The yargs type of the flag (sizes are typed as text: `320x480`). */
  flag: 'string' | 'number' | 'boolean';
  /** The values yargs offers and refuses others with. */
  choices?: readonly string[];
  /** How --help shows the default when the value alone would not say it. */
  defaultText?: string;
  /** True when a resumed run may change it: how long and how fast it trains, never what it computes. */
  resumable: boolean;
}

const integer = (min: number, max?: number) => (o: string, v: unknown) => checkInteger(o, v, min, max);
const number = (min: number, max: number, exclusiveMin = false) => (o: string, v: unknown) => checkNumber(o, v, min, max, exclusiveMin);
const choice = <T extends string>(choices: readonly T[]) => (o: string, v: unknown) => checkChoice(o, v, choices);
/** [0, 1): a share of the run that leaves some of it. */
const below1 = (o: string, v: unknown): number => {
  const n = checkNumber(o, v, 0, 1);
  if (n === 1) throw new OptionRangeError(o, 'a number in [0, 1)', v, 'Leave part of the run at full size, or set {progressiveScale} to 1 to train at {size} throughout');
  return n;
};
const path = (o: string, v: unknown): string | undefined => checkNonEmptyString(o, v, 'a path');

const spec = <T>(s: TrainOptionSpec<T>): TrainOptionSpec<T> => s;
const fixed = false;
const resumable = true;

type EncoderWeights = NonNullable<UNetOptions['encoderWeights']>;
type EncoderFreeze = NonNullable<UNetOptions['encoderFreeze']>;
const LR_SCHEDULES: readonly LrScheduleName[] = ['constant', 'cosine'];
const BACKENDS: readonly BackendPreference[] = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'];
const MASK_SOURCES: readonly MaskSource[] = ['auto', 'file'];
/** The loader's cache modes (its option type, so the two cannot drift apart). */
type CacheMode = NonNullable<LoaderOptions['cache']>;
const CACHE_MODES: readonly CacheMode[] = ['memory', 'none'];
type BadSampleRule = NonNullable<LoaderOptions['onBadSample']>;
const BAD_SAMPLE_RULES: readonly BadSampleRule[] = ['error', 'skip'];

/** Every train option, in --help order. */
export const TRAIN_OPTIONS = {
  data: spec<string | undefined>({ default: undefined, check: path, flag: 'string', resumable: fixed, help: 'data set directory (Carvana layout, or images/ + masks/)', defaultText: 'data/carvana if present, else a synthetic set in data/synthetic' }),
  valData: spec<string | undefined>({ default: undefined, check: path, flag: 'string', resumable: fixed, help: 'a separate validation set (either layout), as Keras validation_data: train on all of --data, validate on all of this (--val-fraction and --split are then unused, --fold refused)', defaultText: 'off: split --data' }),
  syntheticCars: spec({ default: 24, check: integer(2, 10_000), flag: 'number', resumable, help: 'cars in the synthetic set made when there is no data' }),
  size: spec<[number, number]>({ default: [256, 256], check: (o, v) => parseSize(v, o), flag: 'string', resumable: fixed, help: 'training size: N or HEIGHTxWIDTH, divisible by 2^depth', defaultText: '256' }),
  progressiveScale: spec({ default: 1, check: number(0, 1, true), flag: 'number', resumable: fixed, help: 'progressive resizing (fast.ai): the first --progressive-share of the run trains at --size times N (each side to a multiple of 2^depth), the rest at --size, so more epochs fit --max-minutes; validation and the saved model stay at --size (1: off)' }),
  progressiveSteps: spec({ default: 1, check: integer(1, 16), flag: 'number', resumable: fixed, help: 'sizes the first --progressive-share of the run climbs through, at scales evenly spaced from --progressive-scale towards 1, each an equal part of the share (2 at 0.6: 0.6 then 0.8)' }),
  progressiveShare: spec({ default: 0.5, check: below1, flag: 'number', resumable: fixed, help: "share of the run trained under --size (at --progressive-scale's size, or the --progressive-steps sizes), on the learning-rate schedule's clock: of --epochs, or of --max-minutes when that ends the run first (0: none)" }),
  batchSize: spec({ default: 3, check: integer(...LOADER_LIMITS.batchSize), flag: 'number', resumable: fixed, help: 'images per step' }),
  epochs: spec({ default: 5, check: integer(1, 100_000), flag: 'number', resumable, help: 'passes over the training split' }),
  loss: spec<TrainingLossName>({ default: 'bce-dice', check: choice(TRAINING_LOSS_NAMES), choices: TRAINING_LOSS_NAMES, flag: 'string', resumable: fixed, help: 'training loss: bce-dice (binary cross-entropy + Dice loss, the tutorial), dice (Dice loss alone) or bce' }),
  diceWeight: spec({ default: 1, check: number(0, 100), flag: 'number', resumable: fixed, help: "weight of the Dice term of --loss bce-dice (1: the tutorial's sum; more: sharper outlines, the soft Dice that val_dice_coeff reads)" }),
  dicePerImage: spec({ default: false, check: checkBoolean, flag: 'boolean', resumable: fixed, help: "take the Dice term of --loss bce-dice or dice per image, then the mean (segmentation_models' per_image; the Kaggle score's way), not over the whole batch (the tutorial's)" }),
  lr: spec({ default: 1e-3, check: number(0, 10, true), flag: 'number', resumable: fixed, help: "Adam's learning rate" }),
  weightDecay: spec({ default: 0, check: number(0, 100), flag: 'number', resumable: fixed, help: 'decoupled weight decay (AdamW, PyTorch weight_decay): kernels times 1 - lr x N after each step; biases and batch norm not decayed (0: off)' }),
  baseFilters: spec({ default: 32, check: integer(1, 1024), flag: 'number', resumable: fixed, help: 'filters of the first U-Net level (doubles per level)' }),
  encoder: spec<UNetEncoder>({ default: 'unet', check: choice(UNET_ENCODERS), choices: UNET_ENCODERS, flag: 'string', resumable: fixed, help: "the U-Net's encoder: unet (the tutorial's conv blocks, --depth levels) or mobilenet_v2 (MobileNetV2's blocks with ImageNet weights, segmentation_models' Unet('mobilenetv2'): learns a new object from few images; depth 4, blocks 0-12 to stride 16, or --depth 5, blocks 0-16 to stride 32; sizes divisible by 2^depth)" }),
  encoderWeights: spec<EncoderWeights>({ default: 'imagenet', check: choice(ENCODER_WEIGHTS), choices: ENCODER_WEIGHTS, flag: 'string', resumable: fixed, help: "the mobilenet_v2 encoder's starting weights: imagenet or none (random, from --seed)" }),
  encoderFreeze: spec<EncoderFreeze>({ default: 'none', check: choice(ENCODER_FREEZE), choices: ENCODER_FREEZE, flag: 'string', resumable: fixed, help: "what of the mobilenet_v2 encoder stays fixed: none, bn (its batch norm keeps ImageNet's statistics, Keras' fine-tuning advice), stride2, stride4 or stride8 (the stem and the blocks to that stride keep ImageNet's weights, as Detectron2's FREEZE_AT; a step skips their backward pass) or all (segmentation_models' encoder_freeze: only the decoder trains)" }),
  depth: spec({ default: 5, check: integer(1, 6), flag: 'number', resumable: fixed, help: 'U-Net levels (1-6; with --encoder mobilenet_v2 4 or 5, default 4)' }),
  maxFilters: spec({ default: 0, check: integer(0, 4096), flag: 'number', resumable: fixed, help: "cap on any U-Net level's filters (0: none, each level doubles them)" }),
  dropout: spec({ default: 0, check: number(0, 0.99), flag: 'number', resumable: fixed, help: "spatial dropout rate after the U-Net's centre block, 0-0.99 (whole feature maps, Keras SpatialDropout2D; 0: none)" }),
  bnMomentum: spec({ default: 0.99, check: number(0, 0.9999), flag: 'number', resumable: fixed, help: 'BatchNorm moving-statistics momentum, 0-0.9999 (Keras 0.99)' }),
  ema: spec({ default: 0, check: number(0, 0.9999), flag: 'number', resumable: fixed, help: 'decay per step of a moving average of the weights (Keras ema_momentum, e.g. 0.99; 0: off): validation, best/ and the final model use the average' }),
  valFraction: spec({ default: 0.2, check: number(0, 1, true), flag: 'number', resumable: fixed, help: 'share of the data held out for validation' }),
  split: spec<'car' | 'image'>({ default: 'car', check: choice(['car', 'image'] as const), choices: ['car', 'image'], flag: 'string', resumable: fixed, help: 'split by car (no car on both sides; in a folder layout, by the first folder under images/) or by image (the tutorial)' }),
  seed: spec({ default: 42, check: integer(0, 2 ** 32 - 1), flag: 'number', resumable: fixed, help: 'seed of the split (unless --split-seed), shuffling, augmentation and initial weights' }),
  splitSeed: spec<number | undefined>({ default: undefined, check: integer(0, 2 ** 32 - 1), flag: 'number', resumable: fixed, help: 'seed of the train/val split alone: other held-out samples with the same initial weights and draws, or the same split with another --seed', defaultText: '--seed' }),
  fold: spec<Fold | undefined>({ default: undefined, check: parseFold, flag: 'string', resumable: fixed, help: 'K/N: hold out fold K (from 0) of N folds of the split seed, by --split (K-fold cross-validation: runs 0/N to N-1/N hold out every car once; --val-fraction unused)', defaultText: 'a --val-fraction split' }),
  threads: spec({ default: 0, check: integer(...LOADER_LIMITS.threads), flag: 'number', resumable, help: 'input pipeline worker threads (0: from the core count)' }),
  kernelThreads: spec({ default: 0, check: integer(0, 256), flag: 'number', resumable, help: 'CPU kernel threads (0: from the core count)' }),
  prefetch: spec({ default: 4, check: integer(...LOADER_LIMITS.prefetch), flag: 'number', resumable, help: 'batches prepared ahead of the training step' }),
  cache: spec<CacheMode>({ default: 'memory', check: choice(CACHE_MODES), choices: CACHE_MODES, flag: 'string', resumable, help: 'keep decoded samples in memory after the first epoch' }),
  maskSource: spec<MaskSource>({ default: 'auto', check: choice(MASK_SOURCES), choices: MASK_SOURCES, flag: 'string', resumable: fixed, help: 'masks from train_masks.csv when present (auto) or from the mask files' }),
  foreground: spec<Foreground | undefined>({ default: undefined, check: parseForeground, flag: 'string', resumable: fixed, help: "the mask values that are the object, comma-separated, for a label map (Oxford-IIIT Pet's trimaps: 1,3, the pet and its outline): a grey mask's levels, a palette mask's indices (PNG, GIF); or its colours, '#c00000,#00c000' (quoted: the shell reads # as a comment); csv RLE masks are read as they are", defaultText: 'any non-zero value' }),
  onBadSample: spec<BadSampleRule>({ default: 'error', check: choice(BAD_SAMPLE_RULES), choices: BAD_SAMPLE_RULES, flag: 'string', resumable, help: 'an image or mask that cannot be read or decoded: stop naming it (error), or leave it out, counted (skip)' }),
  hueDelta: spec({ default: 0.1, check: number(...LOADER_LIMITS.hueDelta), flag: 'number', resumable: fixed, help: 'largest random hue shift, 0-0.5' }),
  hflip: spec({ default: true, check: checkBoolean, flag: 'boolean', resumable: fixed, help: 'random horizontal flips (--no-hflip to turn off)' }),
  vflip: spec({ default: false, check: checkBoolean, flag: 'boolean', resumable: fixed, help: 'random vertical flips, for pictures with no up (microscopy, aerial, medical; Keras vertical_flip)' }),
  shift: spec({ default: 0.1, check: number(...LOADER_LIMITS.shift), flag: 'number', resumable: fixed, help: 'largest random shift, as a fraction of width and height (0-1)' }),
  scale: spec({ default: 0, check: number(...LOADER_LIMITS.scale), flag: 'number', resumable: fixed, help: 'largest random zoom about the centre: factors in 1 +- N (0-0.9, 0: off)' }),
  rotate: spec({ default: 0, check: number(...LOADER_LIMITS.rotate), flag: 'number', resumable: fixed, help: 'largest random rotation about the centre in degrees, 0-180 (Keras rotation_range; 0: off)' }),
  stretch: spec({ default: 0, check: number(...LOADER_LIMITS.stretch), flag: 'number', resumable: fixed, help: 'largest random stretch keeping the area: width times 1 +- N, height divided by it (0-0.9, 0: off)' }),
  brightness: spec({ default: 0, check: number(...LOADER_LIMITS.brightness), flag: 'number', resumable: fixed, help: 'largest random brightness change: pixels times 1 +- N (0-1, 0: off)' }),
  occlude: spec({ default: 0, check: number(...LOADER_LIMITS.occlude), flag: 'number', resumable: fixed, help: 'probability of a random box painted in front of the image and cut out of the mask (0-1, 0: off)' }),
  contrast: spec({ default: 0, check: number(...LOADER_LIMITS.contrast), flag: 'number', resumable: fixed, help: 'largest random contrast change: each channel scaled about its mean by 1 +- N (0-1, 0: off)' }),
  saturation: spec({ default: 0, check: number(...LOADER_LIMITS.saturation), flag: 'number', resumable: fixed, help: 'largest random saturation change: each pixel scaled about its grey by 1 +- N (0-1, 0: off)' }),
  decoy: spec({ default: 0, check: number(...LOADER_LIMITS.decoy), flag: 'number', resumable: fixed, help: 'probability of a piece of the object copied onto the background with the mask unchanged, a hard negative (0-1, 0: off)' }),
  blotch: spec({ default: 0, check: number(...LOADER_LIMITS.blotch), flag: 'number', resumable: fixed, help: 'probability of patches of one random colour painted over part of the object with the mask unchanged, camouflage-like (0-1, 0: off)' }),
  seeThrough: spec({ default: 0, check: number(...LOADER_LIMITS.seeThrough), flag: 'number', resumable: fixed, help: "probability of a window band across the object's upper part showing the background beside it, the mask unchanged, as glass shows what is behind (0-1, 0: off)" }),
  blur: spec({ default: 0, check: number(...LOADER_LIMITS.blur), flag: 'number', resumable: fixed, help: 'probability of a Gaussian blur of the image (sigma 0.3-1.2 px), the mask kept sharp (0-1, 0: off)' }),
  paste: spec({ default: 0, check: number(...LOADER_LIMITS.paste), flag: 'number', resumable: fixed, help: "probability of another training object of the batch cut out along its mask, rescaled and pasted onto an image, its mask added: copy-paste (0-1, 0: off)" }),
  swapBackground: spec({ default: 0, check: number(...LOADER_LIMITS.swapBackground), flag: 'number', resumable: fixed, help: "probability of an image's background replaced by another training image's of the batch wherever neither's object is, the mask unchanged (0-1, 0: off)" }),
  backend: spec<BackendPreference>({ default: 'auto', check: choice(BACKENDS), choices: BACKENDS, flag: 'string', resumable, help: 'TensorFlow.js backend (webgpu: maskflow-webgpu on Dawn, software adapters included)' }),
  preset: spec<'auto' | 'cpu' | 'tutorial'>({ default: 'auto', check: choice(['auto', 'cpu', 'tutorial'] as const), choices: ['auto', 'cpu', 'tutorial'], flag: 'string', resumable, help: 'auto: the CPU preset when no GPU backend runs' }),
  out: spec<string | undefined>({ default: undefined, check: path, flag: 'string', resumable, help: 'output directory', defaultText: 'runs/<timestamp>' }),
  initWeights: spec<string | undefined>({ default: undefined, check: path, flag: 'string', resumable: fixed, help: "start from a saved model's weights, fine-tuning (a run's best/ or last/, or any Maskflow model directory; same base filters, depth and max filters, any size); none: from --seed", defaultText: 'none' }),
  resume: spec<string | undefined>({ default: undefined, check: path, flag: 'string', resumable, help: 'continue a run from its last/ checkpoint (give the run or its last/ directory)', defaultText: 'off' }),
  lrSchedule: spec<LrScheduleName>({ default: 'constant', check: choice(LR_SCHEDULES), choices: LR_SCHEDULES, flag: 'string', resumable: fixed, help: 'constant, or cosine: decay from --lr to --lr-min over --epochs or --max-minutes, whichever ends first' }),
  lrWarmupEpochs: spec({ default: 0, check: integer(0, 100_000), flag: 'number', resumable: fixed, help: 'epochs whose learning rate rises linearly to --lr (0: none)' }),
  lrPlateau: spec({ default: false, check: checkBoolean, flag: 'boolean', resumable, help: 'reduce the learning rate when val loss stops improving' }),
  lrPlateauPatience: spec({ default: 2, check: integer(1, 10_000), flag: 'number', resumable, help: 'epochs without improvement before reducing' }),
  lrPlateauFactor: spec({ default: 0.5, check: number(0, 1, true), flag: 'number', resumable, help: 'factor applied to the learning rate' }),
  lrMin: spec({ default: 1e-6, check: number(0, 10), flag: 'number', resumable, help: 'lowest learning rate the plateau rule and the cosine schedule go to' }),
  earlyStop: spec({ default: 0, check: integer(0, 100_000), flag: 'number', resumable, help: 'stop after N epochs without a better val dice loss (0: off)' }),
  maxSteps: spec({ default: 0, check: integer(0), flag: 'number', resumable, help: 'stop after N training steps in total (0: no limit)' }),
  maxMinutes: spec({ default: 0, check: number(0, 1e7), flag: 'number', resumable, help: 'stop before an epoch that would end past N minutes of epochs (0: no limit)' }),
};

/** The name of a train option (`batchSize`). */
export type TrainOptionName = keyof typeof TRAIN_OPTIONS;

/** The value type of each option, read off its spec. */
export type TrainOptionValues = { [K in TrainOptionName]: (typeof TRAIN_OPTIONS)[K] extends TrainOptionSpec<infer T> ? T : never };

/** The options a resume may change, from the schema. */
export const RESUMABLE_OPTIONS: readonly TrainOptionName[] = (Object.keys(TRAIN_OPTIONS) as TrainOptionName[]).filter(
  (name) => TRAIN_OPTIONS[name].resumable,
);
