/** The 0.5 threshold shared by the thresholded metrics. */
import * as tf from '@tensorflow/tfjs';

/** Probabilities at or above this count as foreground (Keras BinaryIoU's convention). */
export const THRESHOLD = 0.5;

/** 1 where x >= 0.5, else 0, as float32. */
export function binarize(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.greaterEqual(x, THRESHOLD), 'float32'));
}
