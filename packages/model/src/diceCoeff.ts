/** Dice coefficient and Dice loss over the whole flattened batch (smooth = 1), as in the tutorial. */
import * as tf from '@tensorflow/tfjs';
import { checkPair } from './checkPair.js';

const SMOOTH = 1;

/** (2·Σ(y·p) + 1) / (Σy + Σp + 1) over every pixel of the batch. */
export function diceCoeff(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  checkPair('diceCoeff', yTrue, yPred);
  return tf.tidy(() => {
    const y = tf.cast(tf.reshape(yTrue, [-1]), 'float32');
    const p = tf.reshape(yPred, [-1]);
    const intersection = tf.sum(tf.mul(y, p));
    return tf.div(tf.add(tf.mul(2, intersection), SMOOTH), tf.add(tf.add(tf.sum(y), tf.sum(p)), SMOOTH)) as tf.Scalar;
  });
}

/** 1 − {@link diceCoeff}. */
export function diceLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(1, diceCoeff(yTrue, yPred)));
}
