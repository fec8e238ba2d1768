/** Validation over the whole validation split: loss and metrics, weighted by batch size. */
import { batchToTensors, diceCoeff, diceLoss, imageDice, meanIoU, tf, type LossOrMetric } from '@maskflow/model';
import type { Loader } from '@maskflow/pipeline';
import type { BatchLogs } from './trainEvents.js';

/**
 * Run `model` in inference mode (batch norm uses its moving statistics) over one pass of `loader`
 * (built without augmentation or shuffling) and average loss and metrics per image, as Keras'
 * evaluate does; `loss` is the run's training loss, so val_loss is Keras'. Every tensor is made
 * and disposed inside one tidy per batch. `imageDice` is the Kaggle Carvana score at the training
 * size (each image's thresholded mask, then the mean), beside the tutorial's soft dice_coeff.
 */
export async function validate(model: tf.LayersModel, loader: Loader, size: [number, number], loss: LossOrMetric): Promise<BatchLogs & { imageDice: number; images: number }> {
  const sums = [0, 0, 0, 0, 0];
  let images = 0;
  for await (const batch of loader.epoch(0)) {
    let values: tf.Tensor1D;
    try {
      values = tf.tidy(() => {
        const { x, y } = batchToTensors(batch.images, batch.masks, { n: batch.size, height: size[0], width: size[1] });
        const p = model.predict(x, { batchSize: batch.size }) as tf.Tensor;
        const t = y as tf.Tensor;
        return tf.stack([loss(t, p), diceLoss(t, p), diceCoeff(t, p), meanIoU(t, p), imageDice(t, p)]) as tf.Tensor1D;
      });
    } finally {
      batch.release();
    }
    const v = await values.data();
    values.dispose();
    for (let k = 0; k < sums.length; k++) sums[k]! += v[k]! * batch.size;
    images += batch.size;
  }
  const n = Math.max(1, images);
  return { loss: sums[0]! / n, diceLoss: sums[1]! / n, diceCoeff: sums[2]! / n, meanIoU: sums[3]! / n, imageDice: sums[4]! / n, images };
}
