/**
 * The losses and metrics a saved model may name, so that loadModel can compile it again.
 * tfjs-layers resolves loss names only from its own built-in table (not extensible from outside
 * its bundle), so Maskflow keeps this registry and compiles loaded models itself.
 */
import type * as tf from '@tensorflow/tfjs';
import { bceDiceLoss } from './bceDiceLoss.js';
import { binaryCrossentropy } from './binaryCrossentropy.js';
import { diceCoeff, diceLoss } from './diceCoeff.js';
import { imageDice } from './imageDice.js';
import { meanIoU } from './meanIoU.js';

/** A loss or metric: `(yTrue, yPred) => scalar`. */
export type LossOrMetric = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** Registered name (camelCase, as exported) -> function; the snake_case names are Keras'. */
const REGISTRY: ReadonlyArray<{ name: string; snake: string; fn: LossOrMetric }> = [
  { name: 'diceCoeff', snake: 'dice_coeff', fn: diceCoeff },
  { name: 'diceLoss', snake: 'dice_loss', fn: diceLoss },
  { name: 'binaryCrossentropy', snake: 'binary_crossentropy', fn: binaryCrossentropy },
  { name: 'bceDiceLoss', snake: 'bce_dice_loss', fn: bceDiceLoss },
  { name: 'meanIoU', snake: 'mean_iou', fn: meanIoU },
  { name: 'imageDice', snake: 'image_dice', fn: imageDice },
];

/** The Keras (snake_case) name under which `fn` is saved, or undefined if it is not registered. */
export function registeredName(fn: unknown): string | undefined {
  return REGISTRY.find((entry) => entry.fn === fn)?.snake;
}

/** The registered function for a saved name (snake_case or camelCase), or undefined. */
export function registeredLoss(name: string): LossOrMetric | undefined {
  return REGISTRY.find((entry) => entry.snake === name || entry.name === name)?.fn;
}

/** Every registered name, for error messages. */
export function registeredNames(): string[] {
  return REGISTRY.map((entry) => entry.snake);
}
