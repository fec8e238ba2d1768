import type { SplitOptions } from '@maskflow/datasets';
import type { TrainConfig } from './trainConfig.js';

/** What of a run's config decides its split (a config.json from before --split-seed has no splitSeed). */
export type SplitConfig = Pick<TrainConfig, 'valFraction' | 'seed' | 'split'> & { splitSeed?: number | undefined };

/**
 * The train/val split a run's config stands for, as splitDataset's options. Training, `evaluate`
 * and anyone scoring a run's val images call this, so all three see the same held-out samples.
 */
export function splitOptionsOf(config: SplitConfig): SplitOptions {
  return { valFraction: config.valFraction, seed: config.splitSeed ?? config.seed, by: config.split === 'car' ? 'group' : 'image' };
}
