/** The config of a resumed run: the saved one, with only the options that keep results identical changed. */
import { flagName } from '../config/checks.js';
import type { TrainConfig } from '../config/trainConfig.js';
import { validateTrainOptions } from '../config/validateTrainOptions.js';
import { optionRangeError } from '../errors.js';

/** Options a resume may change: how long to train and how fast, never what is computed. */
const RESUMABLE: readonly (keyof TrainConfig)[] = [
  'epochs', 'maxSteps', 'earlyStop', 'threads', 'kernelThreads', 'prefetch', 'cache', 'backend', 'out', 'resume',
  'lrPlateau', 'lrPlateauPatience', 'lrPlateauFactor', 'lrMin', 'preset', 'syntheticCars',
];

/**
 * `saved` with the resumable options of `given` applied. Any other option given with a different
 * value is refused: the run would no longer match the checkpoint it continues.
 */
export function resumeConfig(saved: TrainConfig, given: Record<string, unknown>): TrainConfig {
  const checked = validateTrainOptions(given) as Record<string, unknown>;
  const config = { ...saved } as Record<string, unknown>;
  for (const [key, value] of Object.entries(checked)) {
    if ((RESUMABLE as readonly string[]).includes(key)) {
      config[key] = value;
      continue;
    }
    if (JSON.stringify(value) !== JSON.stringify(config[key])) {
      throw optionRangeError(
        flagName(key),
        `the checkpoint's value ${JSON.stringify(config[key])} when resuming`,
        value,
        `leave --${flagName(key)} out to resume, or start a new run with --out`,
      );
    }
  }
  return config as unknown as TrainConfig;
}
