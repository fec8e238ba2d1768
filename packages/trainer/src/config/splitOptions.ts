import type { Sample, SplitOptions } from '@maskflow/datasets';
import { OptionRangeError } from '@maskflow/errors';
import type { TrainConfig } from './trainConfig.js';

/** What of a run's config decides its split (a config.json from before --split-seed or --fold has neither). */
export type SplitConfig = Pick<TrainConfig, 'valFraction' | 'seed' | 'split'> & { splitSeed?: number | undefined; fold?: TrainConfig['fold']; valData?: string | undefined };

/**
 * The train/val split a run's config stands for, as splitDataset's options. Training, `evaluate`
 * and anyone scoring a run's val images call this, so all three see the same held-out samples.
 */
export function splitOptionsOf(config: SplitConfig): SplitOptions {
  return { valFraction: config.valFraction, seed: config.splitSeed ?? config.seed, by: config.split === 'car' ? 'group' : 'image', fold: config.fold };
}

/**
 * Refuse a --fold with more folds than the data has cars (by image: samples), naming the flag and
 * the data set, before splitDataset would refuse it in its own terms.
 */
export function checkFoldFits(config: SplitConfig, samples: readonly Sample[], dataDir: string): void {
  if (config.fold === undefined) return;
  const units = config.split === 'car' ? new Set(samples.map((s) => s.group)).size : samples.length;
  if (config.fold.count > units) {
    const what = config.split === 'car' ? 'cars' : 'images';
    throw new OptionRangeError('fold', `K/N with N at most the ${units} ${what} of ${dataDir} (every fold holds out at least one)`, `${config.fold.index}/${config.fold.count}`);
  }
}
