/** Resize a training batch (images and 0/1 masks) on the backend, for progressive resizing. */
import * as tf from '@tensorflow/tfjs';

/**
 * x [n, H, W, C] and y [n, H, W, 1] resized to `size` = [height, width]: the images bilinearly
 * (half-pixel centres, as sharp and the pipeline's augmentation sample), the masks bilinearly then
 * thresholded at 0.5, so they stay 0/1 (a pixel is object when most of what it covers is, the
 * pipeline's majority rule). CAUTION: returns new tensors the caller owns and disposes; x and y
 * stay the caller's too.
 */
export function resizeBatch(x: tf.Tensor4D, y: tf.Tensor4D | undefined, size: readonly [number, number]): { x: tf.Tensor4D; y?: tf.Tensor4D } {
  const target: [number, number] = [size[0], size[1]];
  const rx = tf.image.resizeBilinear(x, target, false, true);
  if (y === undefined) return { x: rx };
  const ry = tf.tidy(() => tf.cast(tf.greaterEqual(tf.image.resizeBilinear(y, target, false, true), 0.5), 'float32')) as tf.Tensor4D;
  return { x: rx, y: ry };
}
