/** Model output probabilities, optionally averaged with the prediction of the mirrored image (flip TTA). */
import { markUserError } from '@maskflow/errors';
import { tf } from '@maskflow/model';

/** Test-time augmentation: none, or horizontal flip (the Kaggle winners' TTA). */
export type Tta = 'none' | 'flip';

/**
 * Probabilities [n, H, W, 1] for `x` [n, H, W, C]. With `flip`, the mean of the prediction and the
 * un-flipped prediction of the flipped input. CAUTION: the caller disposes the result.
 */
export function predictProbabilities(model: tf.LayersModel, x: tf.Tensor4D, tta: Tta): tf.Tensor4D {
  return tf.tidy(() => {
    const p = model.predict(x, { batchSize: x.shape[0] }) as tf.Tensor4D;
    if (tta === 'none') return p;
    const flipped = model.predict(tf.reverse(x, 2), { batchSize: x.shape[0] }) as tf.Tensor4D;
    return p.add(tf.reverse(flipped, 2)).div(2) as tf.Tensor4D;
  });
}

/** The [height, width] a loaded model takes, read from its input shape. */
export function modelInputSize(model: tf.LayersModel, dir: string): [number, number] {
  const shape = model.inputs[0]?.shape;
  const [h, w] = [shape?.[1], shape?.[2]];
  if (typeof h !== 'number' || typeof w !== 'number') {
    // The user's model, not a bug: marked so the CLI prints it without a stack trace.
    throw markUserError(new RangeError(`Expected a model with a fixed [height, width] input in ${dir} but its input shape is [${shape?.join(', ')}]; save the model with a fixed input size`));
  }
  return [h, w];
}
