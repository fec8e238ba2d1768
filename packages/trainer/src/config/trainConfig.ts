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
 * not generate (benchmarks/generalization: SVG cars, 12 cars x 16 views, split by car; tuning
 * seeds 1, 3 and 7, held-out seeds reported in benchmarks/README.md). 96x96: at 64x64 val Dice
 * stalled at 0.89; 128x192 with batch 8 trained no better per minute (0.90 vs 0.93 in 9 minutes
 * under load); 128x128 moved the last val Dice of four unseen sets by -0.022 to +0.039 (mean
 * +0.006) for 1.4x the epoch time, which on a 2-core AMD EPYC already meets the 9-minute cap.
 * BatchNorm momentum 0.9: with 0.99 the moving statistics lag the weights and val Dice swung by
 * 0.25 between epochs. Adam at 2e-3 with a 2-epoch warmup, then a cosine decay to
 * lrMin over 120 epochs or 9 minutes of epochs, whichever ends first (on a 2-core AMD EPYC 120
 * epochs of 3-4 s take 6.5 minutes; on a slower machine, where fewer fit, the rate still reaches
 * its low end; halving on plateaus had not lowered it once in a 4-minute run). 120 epochs rather
 * than 80 where they fit: seed 16 ended at 0.948 with 76, 0.952 with 80 and 0.953 with 120, and
 * seed 15 at 0.955 with 80 and 0.970 with 120. No early stop: val Dice of two
 * held-out cars swings by up to 0.1 between epochs while the rate is high, and a 10-epoch
 * patience ended a run at epoch 27 with the rate still at 9e-4 and train Dice rising; the best
 * epochs come as the rate falls. Zoom and brightness augmentation because held-out cars differ in
 * size and lighting. Hue shifts over the whole colour circle (`hueDelta` 0.5, the tutorial's 0.1
 * otherwise): 10 training cars cover a few paint colours, and a set whose val cars were purple and
 * blue, colours seen only on training floors, reached val Dice 0.69 with 0.1 and 0.94 with 0.5
 * (seed 11 in benchmarks/README.md). A moving average of the weights (`ema` 0.99 per step, about
 * 2.5 epochs; batch-norm statistics averaged too) for validation and best/: with the raw weights,
 * val Dice still swung by 0.01 between epochs as the rate reached 1e-6 (the moving statistics of
 * batches of 4 are what moves then); with the average it rises steadily, and seed 12 ended at
 * 0.943 instead of 0.926 (best 0.932). The Dice term of the loss weighted 3 (`diceWeight`): the
 * soft Dice that val dice_coeff reads lost about 0.01 to outline pixels BCE left near their label
 * share (sharpening a trained model's probabilities recovered it), and with weight 3 seed 12 ended
 * at 0.953 and seed 16 at 0.944 instead of 0.934; the Dice loss alone gave seed 16 the same but
 * seed 12 only 0.944. At most 64 filters a level (`maxFilters`; 528k parameters instead of
 * 1.95M): the two deepest levels held three quarters of the weights and ran at about half the
 * FLOP rate of the rest; with the cap a step takes 165-183 ms instead of 193-265 ms, and on four
 * unseen sets the last val Dice moved by +0.008, +0.001, +0.003 and -0.005 (seeds 12, 14, 16, 15)
 * and by -0.0005 to +0.002 on three more; seed 15 fell further with a cap of 32 (0.930), so its
 * -0.005 is likely the cap's. Depth 4 instead (a 6x6 centre) gained on seed 16 (0.953) but on
 * seed 14 left the car's pixels at a mean probability of 0.89 instead of 0.96 (val Dice 0.906 at
 * epoch 57).
 * Contrast and saturation jitter (`contrast` 0.3, `saturation` 0.5): on raster-drawn shapes, a
 * second generator the preset had not been tuned on (smaller objects, shaded bottoms, clutter in
 * the object's own colour), val Dice was 0.875, 0.924 and 0.895 (seeds 21, 22, 23) without them
 * and 0.921, 0.936 and 0.916 with them (last epochs); SVG seed 16 went from 0.953 to 0.957.
 * Stronger (0.5 and 0.8) moved four raster sets by -0.021 to +0.027 (mean -0.001).
 * Not in the preset: occluder boxes (`occlude` 0.5) lifted seeds 16 and 14 by 0.005 but made
 * seed 12 fall from 0.954 (epoch 37) to 0.941 and seed 15 from 0.958 (epoch 41) to 0.902 by the
 * end, with train Dice still rising. Decoys (`decoy`: a piece of the car's own pixels copied onto
 * the background, mask unchanged, aimed at the confident false positives on car-coloured clutter)
 * lifted raster seed 23's default split from 0.916 to 0.937 (0.5) and 0.936 (0.2) and raster 25's
 * from 0.877 to 0.941 (0.5), but lowered the other splits by 0.002-0.032: over eight splits the
 * median fell from 0.958 to 0.940 (0.5), the worst rose from 0.877 to 0.926. Spatial dropout 0.3
 * after the centre block (`dropout`) lowered raster seed 23's default split from 0.916 to 0.885
 * (one run). Blotches (`blotch` 0.5: patches of random paint on the car, mask unchanged) fixed the
 * mottled held-out cars of raster seeds 32 and 33 but took seed 23's default split from 0.916 to
 * 0.851; with `decoy` 0.5 beside them the three ended at 0.929, 0.938 and 0.920 against 0.916,
 * 0.923 and 0.895 (one run each, none at 0.95), but raster seed 32's split 2 fell from 0.857 to
 * 0.747. Weight decay 0.1 moved seed 33's default split by -0.007. Starting from weights
 * pretrained on a domain-randomized synthetic set (`initWeights`, `pnpm model:pretrain`) moved
 * raster seeds 33, 32 and 23 by +0.032, -0.040 and -0.017 at this rate and by -0.044, +0.008 and
 * -0.039 at 5e-4, so no weights ship with the preset. Copy-paste across the batch (`paste` 0.5)
 * lifted raster seeds 33 and 32 from 0.895 and 0.923 to 0.932 and 0.948 but dropped seed 23 from
 * 0.916 to 0.816 (false positives on its clutter); background swaps (`swapBackground` 0.5) lifted
 * seed 23 to 0.943 but dropped seed 33 to 0.856; both gave 0.874, 0.927 and 0.940 (seeds 33, 32,
 * 23); blotches with swaps (both 0.5) gave 0.937, 0.939 and 0.937 there but dropped raster seed 31
 * from 0.972 to 0.931 and seed 32's split 2 from 0.857 to 0.826 (mean change over six runs 0.000),
 * and over six folds of raster seed 33 (every car held out once) they ended at 0.936 against 0.940.
 * 12 synthetic cars when no
 * data is given keep the no-argument run about as long as a 12-car user set.
 */
export const CPU_PRESET: Readonly<Partial<TrainConfig>> = Object.freeze({
  size: [96, 96] as [number, number],
  baseFilters: 8,
  depth: 5,
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
