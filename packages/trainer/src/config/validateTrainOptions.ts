/** Check every train option a caller set against its schema, naming the option at fault. */
import { OptionRangeError, closestName } from '@maskflow/errors';
import type { TrainConfig } from './trainConfig.js';
import { TRAIN_OPTIONS, type TrainOptionSpec } from './trainOptions.js';

/**
 * Check the options a caller set (undefined entries count as unset) and return them normalized
 * (sizes as [height, width]). Unknown keys are refused: they are usually typos.
 */
export function validateTrainOptions(options: Record<string, unknown>): Partial<TrainConfig> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const spec = (TRAIN_OPTIONS as Record<string, TrainOptionSpec<unknown> | undefined>)[key];
    if (!spec) {
      const names = Object.keys(TRAIN_OPTIONS);
      const meant = closestName(key, names);
      const hint = meant === undefined ? `Check the spelling; the options are ${names.map((name) => `{${name}}`).join(', ')}` : `Did you mean {${meant}}?`;
      throw new OptionRangeError(key, 'a known train option', key, hint);
    }
    out[key] = spec.check(key, value);
  }
  if (out.lrMin !== undefined && out.lr !== undefined && (out.lrMin as number) > (out.lr as number)) {
    throw new OptionRangeError('lrMin', `a value <= {lr} (${String(out.lr)})`, out.lrMin);
  }
  return out as Partial<TrainConfig>;
}
