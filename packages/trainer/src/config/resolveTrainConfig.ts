/** Merge defaults, the CPU preset and the caller's options into one checked TrainConfig. */
import { checkSize, OptionRangeError } from '@maskflow/errors';
import { MOBILENET_V2_DEPTHS } from '@maskflow/model';
import { CPU_PRESET, TRAIN_DEFAULTS, type TrainConfig, type TrainOptions } from './trainConfig.js';
import { validateTrainOptions } from './validateTrainOptions.js';

/** What resolution decided, for the run's first lines. */
export interface ResolvedTrainConfig {
  config: TrainConfig;
  /** True when the CPU preset filled the options the caller left unset. */
  presetApplied: boolean;
  /** The preset values that were used (the ones the caller did not override). */
  presetValues: Partial<TrainConfig>;
}

/**
 * Layering, lowest first: TRAIN_DEFAULTS, then CPU_PRESET when `preset` is `cpu`, or `auto` on a
 * machine without a GPU backend, then every option the caller set (explicit always wins).
 */
export function resolveTrainConfig(options: TrainOptions, env: { gpu: boolean }): ResolvedTrainConfig {
  return mergeTrainConfig(validateTrainOptions(options as Record<string, unknown>), env);
}

/** {@link resolveTrainConfig} for options validateTrainOptions already checked (a run checks them once). */
export function mergeTrainConfig(given: Partial<TrainConfig>, env: { gpu: boolean }): ResolvedTrainConfig {
  const preset = given.preset ?? TRAIN_DEFAULTS.preset;
  const presetApplied = preset === 'cpu' || (preset === 'auto' && !env.gpu);
  const presetValues: Partial<TrainConfig> = {};
  if (presetApplied) {
    for (const [key, value] of Object.entries(CPU_PRESET)) {
      if ((given as Record<string, unknown>)[key] === undefined) (presetValues as Record<string, unknown>)[key] = value;
    }
  }
  const config = { ...TRAIN_DEFAULTS, ...presetValues, ...given } as TrainConfig;
  config.size = [config.size[0], config.size[1]];
  if (config.lrMin > config.lr) config.lrMin = Math.min(config.lrMin, config.lr);
  // MobileNetV2's stride-2 stages are its depth: 4 (to stride 16) unless 5 (to 32) is given (the
  // tutorial's default of 5 does not count); any other --depth given is warned about in prepareRun.
  if (config.encoder === 'mobilenet_v2') {
    config.depth = given.depth !== undefined && (MOBILENET_V2_DEPTHS as readonly number[]).includes(given.depth) ? given.depth : 4;
  }
  // The tutorial's encoder has nothing pretrained to keep fixed (a --encoder-freeze given is warned about too).
  else config.encoderFreeze = 'none';
  checkSize('size', config.size, config.depth, config.encoder === 'mobilenet_v2' && config.depth === 4 ? '--encoder mobilenet_v2' : undefined);
  // Checked after the merge: the preset's --lr counts. At lr x decay >= 1 a step would zero or flip every kernel.
  if (config.weightDecay * config.lr >= 1) throw new OptionRangeError('weightDecay', `a value < 1 / {lr} (${1 / config.lr})`, config.weightDecay);
  return { config, presetApplied, presetValues };
}
