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
 * not generate (benchmarks/generalization, 12 cars x 16 views, split by car); every figure, and
 * every lever tried and left out (occluders, decoys, blotches, windows showing the background,
 * copy-paste, background swaps, dropout, weight decay, weights pretrained on synthetic scenes, a
 * slower encoder rate, the encoder's early blocks frozen, the switch to 160x160 spread over the
 * run, the car's colour changed apart from its backdrop's, a blur of the images, a batch of 8), is
 * in benchmarks/README.md. Why each setting:
 * - The MobileNetV2 encoder with ImageNet weights (`encoder` 'mobilenet_v2', depth 4): ten
 *   training cars cannot teach what a held-out car looks like against its background; features
 *   learnt from ImageNet's photographs can. On the four unseen sets where the tutorial's encoder
 *   ended under 0.95 it raised the last val Dice by +0.017 to +0.038 (mesh 49: 0.939 to 0.977),
 *   on three where it passed by +0.002 to +0.006; the same network from random weights ended 0.02
 *   under the tutorial's encoder (thirty-third round). With the wasm depthwise kernels a step at
 *   96x96 takes about as long as the tutorial encoder's (benchmarks, thirty-fourth round).
 *   Depth 4 (to stride 16): all 17 blocks (`depth` 5, to stride 32) lifted raster 45 from 0.821
 *   to 0.913 but took a fresh raster set from 0.951 to 0.939, with 44-48 epochs in the 9
 *   minutes instead of 53-55 (thirty-ninth round). A second split of five sets put depth 5
 *   ahead over ten pairs (mean 0.941 against 0.937), but the first set drawn after that, raster
 *   48, fell from 0.967 to 0.915 with it (its val Dice peaked at 0.950 and sank over its last
 *   17 epochs), which put depth 4 ahead over the eleven (fortieth round).
 * - 160x160: the held-out cars' outline pixels, which soft Dice counts at their probability,
 *   are a large share of a small car's mask, and fewer of it the more pixels a car has. On mesh
 *   46 and raster 40, the two sets under 0.95 at 128x128, 160x160 ended at 0.972 and 0.938
 *   against 0.944 and 0.921 (full size 0.979 and 0.960 against 0.957 and 0.949); raster 37,
 *   which passed, 0.964 against 0.951 (full size 0.979 against 0.968) (thirty-fifth round).
 *   128x192, as many pixels in Carvana's 3:2 shape, ended between the two (0.959 and 0.926): on
 *   these sets the rows, where a wide car's long edges lie, counted for more than keeping the
 *   photo's proportions. A raster set drawn after the choice (seed 41) ended at 0.924, full
 *   size 0.951 (a held-out car in red blotches, a livery no training car has; `blotch` 0.25
 *   fixed it, 0.964, but cost mesh 46 0.022 and mesh 52, drawn after, 0.067 (its grey roof ran
 *   into a grey wall), so it stays off: thirty-sixth and thirty-seventh rounds; kept off the
 *   outline it still cost mesh 52 at full size, thirty-eighth; it took a fresh raster set
 *   from 0.951 to 0.898, thirty-ninth). 128x128 had
 *   raised five sets over 96x96 by +0.006 to +0.014 (thirty-fourth). An epoch takes 9-10 s,
 *   so the 9 minutes end after 51-58 epochs. With the tutorial's encoder 128x128 had moved four
 *   sets by -0.022 to +0.039. At 64x64 val Dice stalled at 0.89.
 * - Progressive resizing (`progressiveScale` 0.8): the first half of the run's minutes at 128x128,
 *   the rest at 160x160. A 128x128 step takes about 0.8 of a 160x160 one here, so 63-71 epochs
 *   fit the 9 minutes instead of 53-61 (66-73 since batch norm and ReLU share a kernel pair,
 *   forty-sixth round); on 2 cores the 9 minutes had ended the run before it
 *   converged on the sets it missed (85 epochs lifted five of them, forty-first round). On those
 *   five it raised the last val Dice by +0.005 to +0.087, the full-size Dice of four by +0.003 to
 *   +0.073 (raster 44 from 0.874 and 0.898 to 0.943 and 0.971, raster 45 from 0.821 and 0.899
 *   to 0.908 and 0.954); raster 49's full size stayed (0.930 to 0.926). Two sets
 *   that passed stayed where they were (raster 46 0.951 to 0.949, raster 48 0.967 to 0.967) and
 *   one that passed by a wide margin lost 0.011 (mesh 54, 0.980 to 0.969, full size 0.977); a
 *   fresh set, drawn after the choice, passes with it and misses without (raster 51: 0.954,
 *   full size 0.960, against 0.933 and 0.955); a fresh mesh set passes with it too (mesh 55,
 *   0.984; not run without) (forty-second round). A share of 0.8 took raster 45, 46 and 47 just
 *   over 0.95 but cost raster 50 0.087 (its car is learnt only at 160x160); 96, 128, then 160
 *   (`progressiveSteps` 2 from 0.6) did not lift raster 49 (forty-third round).
 * - Base 8, at most 64 filters a level (the decoder's, with the MobileNetV2 encoder): with the
 *   tutorial's encoder the two deepest levels held three quarters of the weights at half the FLOP
 *   rate of the rest; the cap cut a step from 193-265 ms to 165-183 ms and moved seven unseen sets
 *   by -0.005 to +0.008.
 * - BatchNorm momentum 0.9: with 0.99 the moving statistics lag the weights and val Dice swung by
 *   0.25 between epochs.
 * - Batch 4: a batch of 8 (rate 3e-3, `ema` 0.98) fit 5 more epochs in the 9 minutes and took a
 *   fresh raster set from 0.952 to 0.960 but raster 56, which the preset misses, from 0.924 to
 *   0.908 (forty-eighth round).
 * - Adam at 2e-3, a 2-epoch warmup, then a cosine decay to lrMin over 120 epochs or 9 minutes of
 *   epochs, whichever ends first: on a slower machine, where fewer epochs fit, the rate still
 *   reaches its low end. 120 rather than 80 epochs where they fit (seed 15: 0.955 with 80, 0.970
 *   with 120). On the sets it misses on 2 cores the 9 minutes are the limit: 85 epochs instead of
 *   the 54-61 that fit lifted five raster sets by +0.007 to +0.117 (raster 49 from 0.861 to
 *   0.968), in 14 minutes (forty-first round). No early stop: val Dice of two held-out cars
 *   swings by up to 0.1 while the rate is high, and on most folds the best epochs come as it
 *   falls (the hardest held-out cars can peak mid-run, and best/ keeps that peak).
 * - A moving average of the weights (`ema` 0.99 per step, batch-norm statistics averaged too) for
 *   validation and best/: with the raw weights val Dice still swung by 0.01 between epochs at a
 *   rate of 1e-6 (seed 12: 0.943 instead of 0.926).
 * - The Dice term weighted 3 (`diceWeight`): the soft Dice that val dice_coeff reads lost about
 *   0.01 to outline pixels BCE left near their label share (seed 16: 0.944 instead of 0.934).
 * - Zoom and brightness jitter: held-out cars differ in size and lighting. Contrast and
 *   saturation jitter: three raster sets ended at 0.921, 0.936 and 0.916 with it, 0.875, 0.924
 *   and 0.895 without.
 * - Hue shifts over the whole colour circle (`hueDelta` 0.5): 10 training cars cover a few paint
 *   colours; a set whose val cars were purple and blue reached 0.94 with it and 0.69 with 0.1.
 * - 12 synthetic cars when no data is given keep the no-argument run about as long as a 12-car
 *   user set.
 */
export const CPU_PRESET: Readonly<Partial<TrainConfig>> = Object.freeze({
  encoder: 'mobilenet_v2' as const,
  size: [160, 160] as [number, number],
  progressiveScale: 0.8,
  baseFilters: 8,
  maxFilters: 64,
  bnMomentum: 0.9,
  ema: 0.99,
  diceWeight: 3,
  batchSize: 4,
  epochs: 120,
  lr: 2e-3,
  lrSchedule: 'cosine' as const,
  lrWarmupEpochs: 2,
  hueDelta: 0.5,
  scale: 0.15,
  brightness: 0.2,
  contrast: 0.3,
  saturation: 0.5,
  maxMinutes: 9,
  syntheticCars: 12,
});

/** Options a caller passes: any subset of the config (size also as `256` or `'320x480'`, fold also as `'2/6'`). */
export type TrainOptions = Omit<Partial<TrainConfig>, 'size' | 'fold'> & { size?: number | string | [number, number]; fold?: string | TrainConfig['fold'] };
