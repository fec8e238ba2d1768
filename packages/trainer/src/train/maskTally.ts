import type { LoaderStats } from '@maskflow/pipeline';

/**
 * Counts of the training masks an epoch read that have no foreground pixel, or no background
 * pixel (the pipeline counts them before augmentation, whose shifts bring in background). A set whose masks all decode empty (drawn in a way the decoder does not read as
 * foreground) or all full (a background that is not 0) trains a model to predict one class, and its
 * loss still falls: the run would look fine until its predictions are looked at.
 */
export interface MaskTally {
  masks: number;
  empty: number;
  full: number;
}

/** The tally of the masks a loader handed out in its current (or last) epoch, as read before augmentation. */
export function maskTallyOf(stats: Pick<LoaderStats, 'samples' | 'masks'>): MaskTally {
  return { masks: stats.samples, empty: stats.masks.empty, full: stats.masks.full };
}

/** The warning a tally calls for (every mask empty, or every mask full), or undefined. */
export function maskTallyWarning(tally: MaskTally, data: string): string | undefined {
  const look = `look at them beside their images with \`maskflow explore --data ${data}\``;
  if (tally.masks > 0 && tally.empty === tally.masks) {
    return `warning: all ${tally.masks} training masks of epoch 1 are empty (no foreground pixel), so the model can only learn to predict background. A mask's object must be non-zero (any colour) on a zero background, or opaque on a transparent one: ${look}`;
  }
  if (tally.masks > 0 && tally.full === tally.masks) {
    return `warning: all ${tally.masks} training masks of epoch 1 cover their whole image, so the model can only learn to predict foreground. A mask whose background is not 0 reads that way (a label map with classes 1 and 2, for example): name the object's values or colours with --foreground (1,3 for Oxford-IIIT Pet's trimaps; '#rrggbb' for a colour-coded map), or make the background 0 and the object non-zero, and ${look}`;
  }
  return undefined;
}
