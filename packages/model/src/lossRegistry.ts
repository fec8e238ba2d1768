/**
 * The losses and metrics a saved model may name, so that loadModel can compile it again.
 * tfjs-layers resolves loss names only from its own built-in table (not extensible from outside
 * its bundle), so Maskflow keeps this registry and compiles loaded models itself.
 */
import type * as tf from '@tensorflow/tfjs';
import { bceDiceLoss, bceDiceSettingsOf, weightedBceDiceLoss } from './bceDiceLoss.js';
import { binaryCrossentropy } from './binaryCrossentropy.js';
import { diceCoeff, diceCoeffPerImage, diceLoss, diceLossPerImage } from './diceCoeff.js';
import { imageDice } from './imageDice.js';
import { meanIoU } from './meanIoU.js';

/** A loss or metric: `(yTrue, yPred) => scalar`. */
export type LossOrMetric = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** Registered name (camelCase, as exported) -> function; the snake_case names are Keras'. */
const REGISTRY: ReadonlyArray<{ name: string; snake: string; fn: LossOrMetric }> = [
  { name: 'diceCoeff', snake: 'dice_coeff', fn: diceCoeff },
  { name: 'diceLoss', snake: 'dice_loss', fn: diceLoss },
  { name: 'diceCoeffPerImage', snake: 'dice_coeff_per_image', fn: diceCoeffPerImage },
  { name: 'diceLossPerImage', snake: 'dice_loss_per_image', fn: diceLossPerImage },
  { name: 'binaryCrossentropy', snake: 'binary_crossentropy', fn: binaryCrossentropy },
  { name: 'bceDiceLoss', snake: 'bce_dice_loss', fn: bceDiceLoss },
  { name: 'meanIoU', snake: 'mean_iou', fn: meanIoU },
  { name: 'imageDice', snake: 'image_dice', fn: imageDice },
];

/** A loss saved with its settings, in Keras' `{ class_name, config }` form (snake_case keys). */
export interface SerializedLoss {
  class_name: string;
  config: Record<string, unknown>;
}

/** True for a {@link SerializedLoss} (a saved name is a string; a per-output map has no class_name). */
export function isSerializedLoss(value: unknown): value is SerializedLoss {
  return typeof value === 'object' && value !== null && typeof (value as SerializedLoss).class_name === 'string';
}

/**
 * How `fn` is saved: its registered name, `{ class_name, config }` for a BCE + Dice weighted or
 * per image (`per_image` only when true, so older files read the same), else undefined.
 */
export function serializeLoss(fn: unknown): string | SerializedLoss | undefined {
  const settings = bceDiceSettingsOf(fn);
  if (settings !== undefined && (settings.diceWeight !== 1 || settings.perImage)) {
    const config: Record<string, unknown> = { dice_weight: settings.diceWeight };
    if (settings.perImage) config.per_image = true;
    return { class_name: 'bce_dice_loss', config };
  }
  return registeredName(fn);
}

/** The function a saved name or `{ class_name, config }` stands for, or undefined. */
export function deserializeLoss(saved: unknown): LossOrMetric | undefined {
  if (typeof saved === 'string') return registeredLoss(saved);
  if (!isSerializedLoss(saved) || registeredLoss(saved.class_name) !== bceDiceLoss) return undefined;
  const weight = saved.config?.dice_weight ?? 1;
  const perImage = saved.config?.per_image ?? false;
  if (typeof perImage !== 'boolean') return undefined;
  return typeof weight === 'number' && Number.isFinite(weight) && weight >= 0 ? weightedBceDiceLoss(weight, perImage) : undefined;
}

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
