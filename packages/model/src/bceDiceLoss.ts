/** The tutorial's training loss, and the same two terms with the Dice term weighted or taken per image. */
import * as tf from '@tensorflow/tfjs';
import { binaryCrossentropy } from './binaryCrossentropy.js';
import { diceLoss, diceLossPerImage } from './diceCoeff.js';

/** {@link binaryCrossentropy} + {@link diceLoss}. */
export function bceDiceLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(binaryCrossentropy(yTrue, yPred), diceLoss(yTrue, yPred)));
}

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** What a {@link weightedBceDiceLoss} is made of: the Dice term's weight, and whether it is taken per image. */
export interface BceDiceSettings {
  diceWeight: number;
  perImage: boolean;
}

// One function per setting, so that a model compiled from its saved file holds the very function
// it was saved with (tfjs compares losses by identity) and the registry can name it back.
const made = new Map<string, { settings: BceDiceSettings; fn: Loss }>([['1/batch', { settings: { diceWeight: 1, perImage: false }, fn: bceDiceLoss }]]);

/**
 * {@link binaryCrossentropy} + `diceWeight` · the Dice loss (Keras' loss_weights on the two
 * terms): over the whole batch ({@link diceLoss}), or with `perImage` the mean of each image's
 * ({@link diceLossPerImage}). Weight 1 over the batch is {@link bceDiceLoss} itself. The same
 * settings return the same function.
 */
export function weightedBceDiceLoss(diceWeight: number, perImage = false): Loss {
  if (!Number.isFinite(diceWeight) || diceWeight < 0) {
    throw new RangeError(`Expected a finite number >= 0 for the Dice weight of weightedBceDiceLoss but received ${String(diceWeight)}`);
  }
  const key = `${diceWeight}/${perImage ? 'image' : 'batch'}`;
  let entry = made.get(key);
  if (entry === undefined) {
    const dice = perImage ? diceLossPerImage : diceLoss;
    const fn: Loss = (yTrue, yPred) => tf.tidy(() => tf.add(binaryCrossentropy(yTrue, yPred), tf.mul(diceWeight, dice(yTrue, yPred))));
    entry = { settings: { diceWeight, perImage }, fn };
    made.set(key, entry);
  }
  return entry.fn;
}

/** The settings of a function {@link weightedBceDiceLoss} made ({@link bceDiceLoss} included), else undefined. */
export function bceDiceSettingsOf(fn: unknown): BceDiceSettings | undefined {
  for (const entry of made.values()) if (entry.fn === fn) return { ...entry.settings };
  return undefined;
}
