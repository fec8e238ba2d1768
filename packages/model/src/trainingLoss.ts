/** The losses a training run chooses by name (`maskflow train --loss`, `--dice-weight`, `--dice-per-image`). */
import { weightedBceDiceLoss } from './bceDiceLoss.js';
import { binaryCrossentropy } from './binaryCrossentropy.js';
import { diceLoss, diceLossPerImage } from './diceCoeff.js';
import type { LossOrMetric } from './lossRegistry.js';

/**
 * `bce-dice`: BCE + w · Dice loss (w = 1 is the tutorial's). `dice`: the Dice loss alone. `bce`:
 * binary cross-entropy alone. Weighting Dice up optimises the soft Dice that val dice_coeff reads:
 * at a pixel the data labels either way (outlines, occluders), BCE settles on the share of labels
 * that say 1, a probability that costs soft Dice; the Dice loss's gradient does not fade there, so
 * it pushes the pixel to the side its labels lean to. BCE keeps the rest of the image learning.
 */
export const TRAINING_LOSS_NAMES = ['bce-dice', 'dice', 'bce'] as const;

/** A name of {@link TRAINING_LOSS_NAMES}. */
export type TrainingLossName = (typeof TRAINING_LOSS_NAMES)[number];

/**
 * The loss function of a training loss name; `diceWeight` weights the Dice term of `bce-dice`,
 * and `perImage` takes the Dice of `bce-dice` and `dice` per image, then the mean (the Kaggle
 * score's way) instead of over the whole batch (the tutorial's).
 */
export function trainingLoss(name: TrainingLossName, diceWeight = 1, perImage = false): LossOrMetric {
  switch (name) {
    case 'bce-dice':
      return weightedBceDiceLoss(diceWeight, perImage);
    case 'dice':
      return perImage ? diceLossPerImage : diceLoss;
    case 'bce':
      return binaryCrossentropy;
  }
}
