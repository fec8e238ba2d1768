/**
 * Batch-norm statistics re-estimated for the weights a model has now (PyTorch's
 * `torch.optim.swa_utils.update_bn`): the moving averages are written while training moves the
 * weights, and on augmented images, so the statistics at the end belong partly to earlier weights
 * and to another input distribution than inference sees.
 */
import * as tf from '@tensorflow/tfjs';

/** The field of tfjs-layers' BatchNormalization this sets (private in its typings); the layer's own update reads it. */
interface BatchNormFields {
  momentum: number;
}

/** The model's trainable batch-norm layers (an untrainable one normalises with fixed statistics, which stay). */
function batchNormLayers(model: tf.LayersModel): (tf.layers.Layer & BatchNormFields)[] {
  return model.layers.filter((l) => l.getClassName() === 'BatchNormalization' && l.trainable) as unknown as (tf.layers.Layer & BatchNormFields)[];
}

/**
 * Replace the moving mean and variance of every trainable batch-norm layer with their plain
 * average over `batches` (NHWC images, as the model takes them), from forward passes in training
 * mode; no weight changes. Each layer's momentum is set to 1 - 1/k for the k-th batch, which turns
 * the layer's own moving-average update into a running mean, and restored afterwards (also when a
 * pass throws). Dropout runs as in training, as update_bn does. The caller owns the batches.
 * Returns the number of batches used; with none, nothing changes.
 */
export async function recalibrateBatchNorm(model: tf.LayersModel, batches: AsyncIterable<tf.Tensor4D> | Iterable<tf.Tensor4D>): Promise<number> {
  const layers = batchNormLayers(model);
  const momenta = layers.map((l) => l.momentum);
  let k = 0;
  try {
    for await (const x of batches) {
      k++;
      for (const l of layers) l.momentum = 1 - 1 / k;
      // The layers write their statistics during the pass; the output itself is not needed.
      tf.tidy(() => {
        model.apply(x, { training: true });
      });
    }
  } finally {
    layers.forEach((l, i) => {
      l.momentum = momenta[i]!;
    });
  }
  return k;
}
