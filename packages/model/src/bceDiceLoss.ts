/** The tutorial's training loss, and the same two terms with the Dice term weighted. */
import * as tf from '@tensorflow/tfjs';
import { binaryCrossentropy } from './binaryCrossentropy.js';
import { diceLoss } from './diceCoeff.js';

/** {@link binaryCrossentropy} + {@link diceLoss}. */
export function bceDiceLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(binaryCrossentropy(yTrue, yPred), diceLoss(yTrue, yPred)));
}

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

// One function per weight, so that a model compiled from its saved file holds the very function
// it was saved with (tfjs compares losses by identity) and the registry can name it back.
const weighted = new Map<number, Loss>([[1, bceDiceLoss]]);

/**
 * {@link binaryCrossentropy} + `diceWeight` · {@link diceLoss} (Keras' loss_weights on the two
 * terms); weight 1 is {@link bceDiceLoss} itself. The same weight returns the same function.
 */
export function weightedBceDiceLoss(diceWeight: number): Loss {
  if (!Number.isFinite(diceWeight) || diceWeight < 0) {
    throw new RangeError(`Expected a finite number >= 0 for the Dice weight of weightedBceDiceLoss but received ${String(diceWeight)}`);
  }
  let fn = weighted.get(diceWeight);
  if (fn === undefined) {
    fn = (yTrue, yPred) => tf.tidy(() => tf.add(binaryCrossentropy(yTrue, yPred), tf.mul(diceWeight, diceLoss(yTrue, yPred))));
    weighted.set(diceWeight, fn);
  }
  return fn;
}

/** The Dice weight of a function {@link weightedBceDiceLoss} made (1 for bceDiceLoss), else undefined. */
export function diceWeightOf(fn: unknown): number | undefined {
  for (const [weight, loss] of weighted) if (loss === fn) return weight;
  return undefined;
}
