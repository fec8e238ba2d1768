/** Keras' binary cross-entropy on probabilities, averaged over every element. */
import * as tf from '@tensorflow/tfjs';
import { checkPair } from './checkPair.js';

/** Keras' backend epsilon: predictions are clipped to [EPSILON, 1 − EPSILON]. */
export const EPSILON = 1e-7;

/** mean(−(y·log p + (1 − y)·log(1 − p))) with p clipped to [1e-7, 1 − 1e-7]. */
export function binaryCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  checkPair('binaryCrossentropy', yTrue, yPred);
  return tf.tidy(() => {
    const y = tf.cast(yTrue, 'float32');
    const p = tf.clipByValue(tf.reshape(yPred, yTrue.shape), EPSILON, 1 - EPSILON);
    const perElement = tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))));
    return tf.neg(tf.mean(perElement)) as tf.Scalar;
  });
}
