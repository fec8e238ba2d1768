/** Argument check shared by the losses and metrics. */
import { OptionRangeError, OptionTypeError } from '@maskflow/errors';
import type * as tf from '@tensorflow/tfjs';

/**
 * Throw unless yTrue and yPred are tensors over the same pixels: equal sizes and batch size
 * ([B, H, W] against [B, H, W, 1] is fine). Runs outside tf.tidy, before any tensor is made.
 */
export function checkPair(fn: string, yTrue: tf.Tensor, yPred: tf.Tensor): void {
  for (const [name, t] of [['yTrue', yTrue], ['yPred', yPred]] as const) {
    if (typeof t !== 'object' || t === null || !Array.isArray(t.shape) || typeof t.size !== 'number') {
      throw new OptionTypeError(`${fn}(${name})`, 'a tf.Tensor', t);
    }
  }
  if (yTrue.size !== yPred.size || yTrue.shape[0] !== yPred.shape[0] || yTrue.size === 0) {
    throw new OptionRangeError(
      `${fn}(yPred)`,
      `a non-empty tensor over the same pixels as yTrue [${yTrue.shape.join(', ')}]`,
      `shape [${yPred.shape.join(', ')}]`,
      'Pass masks and predictions of the same batch and size.',
    );
  }
}
