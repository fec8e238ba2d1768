/** The config of a resumed run: the saved one, with only the options that keep results identical changed. */
import { OptionRangeError } from '@maskflow/errors';
import { TRAIN_DEFAULTS, type TrainConfig } from '../config/trainConfig.js';
import { RESUMABLE_OPTIONS } from '../config/trainOptions.js';

/**
 * `saved` with the resumable options (the schema's `resumable`: how long to train and how fast,
 * never what is computed) of `given`, already validated, applied. Any other option given with a
 * different value is refused: the run would no longer match the checkpoint it continues.
 */
export function resumeConfig(saved: TrainConfig, given: Partial<TrainConfig>): TrainConfig {
  // Options added after the checkpoint was written take their defaults, which keep older runs' behaviour.
  const config = { ...TRAIN_DEFAULTS, ...saved } as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    if ((RESUMABLE_OPTIONS as readonly string[]).includes(key)) {
      config[key] = value;
      continue;
    }
    if (JSON.stringify(value) !== JSON.stringify(config[key])) {
      throw new OptionRangeError(
        key,
        `the checkpoint's value ${JSON.stringify(config[key])} when resuming`,
        value,
        `Leave {${key}} out to resume, or start a new run in another {out} directory`,
      );
    }
  }
  return config as unknown as TrainConfig;
}
