/** The Kaggle Carvana score: mean over images of the Dice of the thresholded masks. */
import * as tf from '@tensorflow/tfjs';
import { checkPair } from './checkPair.js';
import { binarize } from './threshold.js';

/**
 * For each image, 2·|T∩P| / (|T| + |P|) of the masks thresholded at 0.5 (1 when both are empty),
 * then the mean over the batch. The first axis is the batch.
 */
export function imageDice(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  checkPair('imageDice', yTrue, yPred);
  return tf.tidy(() => {
    const n = yTrue.shape[0] ?? 1;
    const t = binarize(tf.reshape(yTrue, [n, -1]));
    const p = binarize(tf.reshape(yPred, [n, -1]));
    const inter = tf.sum(tf.mul(t, p), 1);
    const sizes = tf.add(tf.sum(t, 1), tf.sum(p, 1));
    const bothEmpty = tf.equal(sizes, 0);
    const dice = tf.where(bothEmpty, tf.onesLike(sizes), tf.divNoNan(tf.mul(2, inter), sizes));
    return tf.mean(dice) as tf.Scalar;
  });
}
