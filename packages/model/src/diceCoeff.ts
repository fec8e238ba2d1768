/** Dice coefficient and Dice loss over the whole flattened batch (smooth = 1), as in the tutorial, and per image. */
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

/**
 * The soft Dice of each image (the first axis is the batch), smooth = 1, then the mean: the
 * probabilities' version of the Kaggle score, segmentation_models' `per_image=True`. Over the
 * flattened batch a small object's pixels are outnumbered by a large one's, so its outline
 * barely moves the loss; per image, every image weighs the same, as in the score.
 */
export function diceCoeffPerImage(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  checkPair('diceCoeffPerImage', yTrue, yPred);
  return tf.tidy(() => {
    const n = yTrue.shape[0] ?? 1;
    const y = tf.cast(tf.reshape(yTrue, [n, -1]), 'float32');
    const p = tf.reshape(yPred, [n, -1]);
    const intersection = tf.sum(tf.mul(y, p), 1);
    const dice = tf.div(tf.add(tf.mul(2, intersection), SMOOTH), tf.add(tf.add(tf.sum(y, 1), tf.sum(p, 1)), SMOOTH));
    return tf.mean(dice) as tf.Scalar;
  });
}

/** 1 − {@link diceCoeffPerImage}. */
export function diceLossPerImage(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(1, diceCoeffPerImage(yTrue, yPred)));
}
