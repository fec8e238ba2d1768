/** The tutorial's training loss. */
import * as tf from '@tensorflow/tfjs';
import { binaryCrossentropy } from './binaryCrossentropy.js';
import { diceLoss } from './diceCoeff.js';

/** {@link binaryCrossentropy} + {@link diceLoss}. */
export function bceDiceLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(binaryCrossentropy(yTrue, yPred), diceLoss(yTrue, yPred)));
}
