/** Warnings for loss, encoder and progressive-resizing options a caller set that the rest of the config does not read. */
import { flagName } from '@maskflow/errors';
import { MOBILENET_V2_DEPTHS } from '@maskflow/model';
import { CPU_PRESET, TRAIN_DEFAULTS, type TrainConfig } from './trainConfig.js';

/**
 * Lines (without `warning: `) for `--dice-weight` given with a loss other than bce-dice, and
 * `--dice-per-image` given with `--loss bce`. A warning, not a refusal: a run's own config.json
 * holds every value, so passing it back as `--config` with `--loss bce` must still start.
 */
export function lossOptionWarnings(given: Partial<TrainConfig>, config: TrainConfig): string[] {
  const warnings: string[] = [];
  if (given.diceWeight !== undefined && given.diceWeight !== 1 && config.loss !== 'bce-dice') {
    warnings.push(`${flagName('diceWeight')} ${given.diceWeight} has no effect with ${flagName('loss')} ${config.loss}: it weighs the Dice term of ${flagName('loss')} bce-dice`);
  }
  if (given.dicePerImage === true && config.loss === 'bce') {
    warnings.push(`${flagName('dicePerImage')} has no effect with ${flagName('loss')} bce, which has no Dice term: use ${flagName('loss')} bce-dice or dice`);
  }
  return warnings;
}

/**
 * Lines for a `--depth` other than 4 or 5 given with `--encoder mobilenet_v2`, whose depth is
 * its stride-2 stages (the config holds 4), for `--encoder-freeze` with `--encoder-weights none` (it would
 * fix random weights), and for `--encoder-freeze` given with `--encoder unet`, which has no
 * pretrained weights (the config holds 'none'). Warnings for the same reason as above.
 */
export function encoderOptionWarnings(given: Partial<TrainConfig>, config: TrainConfig): string[] {
  const warnings: string[] = [];
  if (config.encoder === 'mobilenet_v2' && given.depth !== undefined && !(MOBILENET_V2_DEPTHS as readonly number[]).includes(given.depth)) {
    warnings.push(`${flagName('depth')} ${given.depth} has no effect with ${flagName('encoder')} mobilenet_v2, whose encoder has 4 levels (strides 2 to 16) or, with ${flagName('depth')} 5, 5 (to 32): it trains with 4`);
  }
  if (config.encoder === 'mobilenet_v2' && config.encoderWeights === 'none' && config.encoderFreeze !== 'none') {
    warnings.push(`${flagName('encoderFreeze')} ${config.encoderFreeze} with ${flagName('encoderWeights')} none keeps random starting weights fixed: use ${flagName('encoderWeights')} imagenet, or ${flagName('encoderFreeze')} none`);
  }
  if (config.encoder === 'unet' && given.encoderFreeze !== undefined && given.encoderFreeze !== 'none') {
    warnings.push(`${flagName('encoderFreeze')} ${given.encoderFreeze} has no effect with ${flagName('encoder')} unet, which has no pretrained weights to keep: use ${flagName('encoder')} mobilenet_v2`);
  }
  return warnings;
}

/**
 * Lines for `--progressive-steps` or `--progressive-share` given while `--progressive-scale` is 1
 * (progressive resizing off: the default off the CPU preset, and under `--preset tutorial`), and
 * for `--progressive-scale` under 1 given with a share of 0. Values equal to the defaults stay
 * quiet, so a run's config.json passed back as `--config` starts without warnings.
 */
export function progressiveOptionWarnings(given: Partial<TrainConfig>, config: TrainConfig): string[] {
  const warnings: string[] = [];
  if (config.progressiveScale === 1) {
    for (const name of ['progressiveSteps', 'progressiveShare'] as const) {
      const value = given[name];
      if (value !== undefined && value !== TRAIN_DEFAULTS[name]) {
        warnings.push(`${flagName(name)} ${value} has no effect with ${flagName('progressiveScale')} 1, which trains at ${flagName('size')} throughout: pass ${flagName('progressiveScale')} under 1 (the CPU preset's is ${CPU_PRESET.progressiveScale})`);
      }
    }
  }
  if (given.progressiveScale !== undefined && given.progressiveScale < 1 && config.progressiveShare === 0) {
    warnings.push(`${flagName('progressiveScale')} ${given.progressiveScale} has no effect with ${flagName('progressiveShare')} 0, which leaves no part of the run under ${flagName('size')}: pass a share above 0 (the default is ${TRAIN_DEFAULTS.progressiveShare})`);
  }
  return warnings;
}
