/** Turn a pipeline batch (uint8 images, 0/1 masks) into the model's float32 tensors. */
import { checkInteger, OptionRangeError, OptionTypeError } from '@maskflow/errors';
import * as tf from '@tensorflow/tfjs';
import { checkDeviceFits } from './deviceBackend.js';

/** Shape of a batch: n images of height x width x channels (default 3). */
export interface BatchShape {
  n: number;
  height: number;
  width: number;
  channels?: number;
}

/** float32(1/255): the tutorial multiplies by this scale, so x * SCALE rounds exactly as TF does. */
const SCALE = Math.fround(1 / 255);

const checkDim = (name: string, value: unknown): number => checkInteger(`shape.${name}`, value, 1);

/**
 * images (n·H·W·C uint8, 0..255) → x [n, H, W, C] float32 scaled by 1/255; masks (n·H·W, 0/1) →
 * y [n, H, W, 1] float32. CAUTION: the caller owns and must dispose both tensors.
 */
export function batchToTensors(
  images: Uint8Array,
  masks: Uint8Array | undefined,
  shape: BatchShape,
): { x: tf.Tensor4D; y?: tf.Tensor4D } {
  if (!(images instanceof Uint8Array)) throw new OptionTypeError('images', 'a Uint8Array', images);
  if (masks !== undefined && !(masks instanceof Uint8Array)) throw new OptionTypeError('masks', 'a Uint8Array or undefined', masks);
  if (typeof shape !== 'object' || shape === null) throw new OptionTypeError('shape', 'an object { n, height, width, channels? }', shape);
  const n = checkDim('n', shape.n);
  const height = checkDim('height', shape.height);
  const width = checkDim('width', shape.width);
  const channels = checkDim('channels', shape.channels ?? 3);
  const pixels = n * height * width;
  if (images.length !== pixels * channels) {
    throw new OptionRangeError('images.length', `n·height·width·channels = ${pixels * channels}`, images.length, 'Check the batch shape.');
  }
  if (masks !== undefined && masks.length !== pixels) {
    throw new OptionRangeError('masks.length', `n·height·width = ${pixels}`, masks.length, 'Masks have one channel.');
  }
  // On a GPU backend a batch larger than one storage buffer fails here, named, not inside a kernel.
  checkDeviceFits('the image batch x', [n, height, width, channels]);
  const xs = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) xs[i] = (images[i] as number) * SCALE;
  const x = tf.tensor4d(xs, [n, height, width, channels]);
  if (masks === undefined) return { x };
  const ys = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const v = masks[i] as number;
    if (v > 1) {
      x.dispose();
      throw new OptionRangeError(`masks[${i}]`, '0 or 1', v, 'Masks must be 0/1: threshold or divide 0/255 masks by 255 first.');
    }
    ys[i] = v;
  }
  return { x, y: tf.tensor4d(ys, [n, height, width, 1]) };
}
