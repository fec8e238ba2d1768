/** Mean intersection-over-union of the two classes at threshold 0.5 (Keras BinaryIoU([0, 1])). */
import * as tf from '@tensorflow/tfjs';
import { checkPair } from './checkPair.js';
import { binarize } from './threshold.js';

/**
 * IoU of background and of foreground over the whole batch, averaged over the classes that occur
 * in the truth or the prediction (Keras skips a class whose union is empty).
 */
export function meanIoU(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  checkPair('meanIoU', yTrue, yPred);
  return tf.tidy(() => {
    const t = binarize(tf.reshape(yTrue, [-1]));
    const p = binarize(tf.reshape(yPred, [-1]));
    const size = t.shape[0] as number;
    const fgInter = tf.sum(tf.mul(t, p));
    const fgUnion = tf.sub(tf.add(tf.sum(t), tf.sum(p)), fgInter);
    // Background pixels: intersection is where both are 0, union is where either is 0.
    const bgInter = tf.sub(size, fgUnion);
    const bgUnion = tf.sub(size, fgInter);
    const unions = tf.stack([bgUnion, fgUnion]);
    const inters = tf.stack([bgInter, fgInter]);
    const present = tf.cast(tf.greater(unions, 0), 'float32');
    const ious = tf.divNoNan(inters, unions);
    return tf.div(tf.sum(ious), tf.sum(present)) as tf.Scalar;
  });
}
