/** The full, resolved configuration of a training run, and the defaults it starts from. */
import type { BackendPreference } from '@maskflow/model';
import { TRAIN_OPTIONS, type TrainOptionValues } from './trainOptions.js';

/** Which backend to train on (@maskflow/model's choice): `cpu` means the fastest CPU path (@maskflow/kernels). */
export type { BackendPreference };

/** Which preset to start from: `auto` applies the CPU preset when no GPU backend runs. */
export type PresetName = TrainOptionValues['preset'];

/**
 * Every setting of a training run, after defaults, preset, config file and flags are merged; what
 * each one means is its help line in trainOptions.ts (`size` is [height, width], `data`/`out`
 * undefined: data/carvana or a synthetic set, runs/<timestamp>).
 */
export type TrainConfig = TrainOptionValues;

/** The tutorial's settings ("Image Segmentation with tf.keras"), plus Maskflow's own defaults: each option's schema default. */
export const TRAIN_DEFAULTS: Readonly<TrainConfig> = Object.freeze(
  Object.fromEntries(Object.entries(TRAIN_OPTIONS).map(([name, spec]) => [name, spec.default])) as TrainConfig,
);

/**
 * The CPU preset: what a 2-core machine without a GPU backend trains in minutes. Any option set
 * explicitly (flag or config file) wins over it. Tuned on Carvana-format sets that Maskflow did
 * not generate (benchmarks/generalization: SVG cars, 12 cars x 16 views, split by car): at 64x64
 * val Dice stalled at 0.89 (small cars are a few pixels across), 96x96 reached 0.94 by epoch 32
 * with the learning rate still at 1e-3; so 96x96, the rate halved after 3 epochs without a better
 * val loss, and a stop after 10 epochs without a better val Dice. BatchNorm momentum 0.9: with
 * 0.99 the moving statistics lag the fast-changing weights by ~100 steps and val Dice swung
 * between 0.61 and 0.86 from epoch to epoch while train Dice rose smoothly. 12 synthetic cars
 * when no data is given keep the no-argument run about as long as a 12-car user set. The epochs
 * stop within 9 minutes (--max-minutes), so with loading and the final predictions a run stays
 * near 10 on a busy machine; on a quiet one 50 epochs of a 12-car set take about 8.
 */
export const CPU_PRESET: Readonly<Partial<TrainConfig>> = Object.freeze({
  size: [96, 96] as [number, number],
  baseFilters: 8,
  depth: 5,
  bnMomentum: 0.9,
  batchSize: 4,
  epochs: 50,
  lrPlateau: true,
  lrPlateauPatience: 3,
  earlyStop: 10,
  maxMinutes: 9,
  syntheticCars: 12,
});

/** Options a caller passes: any subset of the config (size also as `256` or `'320x480'`). */
export type TrainOptions = Omit<Partial<TrainConfig>, 'size'> & { size?: number | string | [number, number] };
