import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { bceDiceLoss, bceDiceSettingsOf, weightedBceDiceLoss } from './bceDiceLoss.js';
import { binaryCrossentropy } from './binaryCrossentropy.js';
import { diceCoeff, diceCoeffPerImage, diceLoss, diceLossPerImage } from './diceCoeff.js';
import { deserializeLoss, serializeLoss } from './lossRegistry.js';
import { TRAINING_LOSS_NAMES, trainingLoss } from './trainingLoss.js';

describe('trainingLoss', () => {
  it('names the tutorial loss and its two parts', () => {
    expect(TRAINING_LOSS_NAMES).toEqual(['bce-dice', 'dice', 'bce']);
    expect(trainingLoss('bce-dice')).toBe(bceDiceLoss);
    expect(trainingLoss('dice')).toBe(diceLoss);
    expect(trainingLoss('bce')).toBe(binaryCrossentropy);
    expect(trainingLoss('bce-dice', 1)).toBe(bceDiceLoss);
    expect(trainingLoss('bce-dice', 3)).toBe(weightedBceDiceLoss(3));
  });

  it('bce-dice with a Dice weight adds the weighted Dice loss to BCE, and refuses a negative weight', () => {
    const y = tf.tensor4d([1, 0, 1, 0], [1, 2, 2, 1]);
    const p = tf.tensor4d([0.9, 0.2, 0.6, 0.1], [1, 2, 2, 1]);
    const value = (fn: (a: tf.Tensor, b: tf.Tensor) => tf.Scalar) => tf.tidy(() => fn(y, p).dataSync()[0]!);
    const before = tf.memory().numTensors;
    expect(value(trainingLoss('bce-dice', 3))).toBeCloseTo(value(binaryCrossentropy) + 3 * value(diceLoss), 6);
    expect(value(trainingLoss('bce-dice', 0))).toBeCloseTo(value(binaryCrossentropy), 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => weightedBceDiceLoss(-1)).toThrow('Expected a finite number >= 0 for the Dice weight of weightedBceDiceLoss but received -1');
    tf.dispose([y, p]);
  });

  it('every one saves under a name (a weighted one with its weight) that gives the same function back', () => {
    for (const name of TRAINING_LOSS_NAMES) {
      const saved = serializeLoss(trainingLoss(name));
      expect(typeof saved).toBe('string');
      expect(deserializeLoss(saved)).toBe(trainingLoss(name));
    }
    const weighted = serializeLoss(trainingLoss('bce-dice', 2.5));
    expect(weighted).toEqual({ class_name: 'bce_dice_loss', config: { dice_weight: 2.5 } });
    expect(deserializeLoss(weighted)).toBe(weightedBceDiceLoss(2.5));
    expect(deserializeLoss({ class_name: 'bce_dice_loss', config: { dice_weight: 'three' } })).toBeUndefined();
  });

  it('per image, a small object missed weighs as much as a large one found: the mean of each image\'s Dice', () => {
    // Image 0: four object pixels, all found. Image 1: one object pixel, missed.
    const y = tf.tensor4d([1, 1, 1, 1, 0, 0, 0, 1], [2, 2, 2, 1]);
    const p = tf.tensor4d([1, 1, 1, 1, 0, 0, 0, 0], [2, 2, 2, 1]);
    const before = tf.memory().numTensors;
    const read = (fn: (a: tf.Tensor, b: tf.Tensor) => tf.Scalar) => tf.tidy(() => fn(y, p).dataSync()[0]!);
    expect(read(diceCoeffPerImage)).toBeCloseTo((9 / 9 + 1 / 2) / 2, 6);
    expect(read(diceCoeff)).toBeCloseTo(9 / 10, 6);
    expect(read(diceLossPerImage)).toBeCloseTo(0.25, 6);
    expect(read(trainingLoss('bce-dice', 3, true))).toBeCloseTo(read(binaryCrossentropy) + 3 * 0.25, 5);
    expect(read(trainingLoss('dice', 1, true))).toBeCloseTo(0.25, 6);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([y, p]);
  });

  it('per image saves with per_image (a batch Dice without it, as files before it read) and reads back the same function', () => {
    const perImage = trainingLoss('bce-dice', 3, true);
    expect(perImage).not.toBe(trainingLoss('bce-dice', 3));
    expect(perImage).toBe(weightedBceDiceLoss(3, true));
    expect(bceDiceSettingsOf(perImage)).toEqual({ diceWeight: 3, perImage: true });
    expect(serializeLoss(perImage)).toEqual({ class_name: 'bce_dice_loss', config: { dice_weight: 3, per_image: true } });
    expect(deserializeLoss(serializeLoss(perImage))).toBe(perImage);
    expect(serializeLoss(trainingLoss('bce-dice', 1, true))).toEqual({ class_name: 'bce_dice_loss', config: { dice_weight: 1, per_image: true } });
    expect(deserializeLoss({ class_name: 'bce_dice_loss', config: { dice_weight: 1, per_image: true } })).toBe(weightedBceDiceLoss(1, true));
    expect(deserializeLoss({ class_name: 'bce_dice_loss', config: { dice_weight: 3, per_image: 'yes' } })).toBeUndefined();
    expect(serializeLoss(trainingLoss('dice', 1, true))).toBe('dice_loss_per_image');
    expect(deserializeLoss('dice_loss_per_image')).toBe(diceLossPerImage);
  });

  it('the Dice loss pulls a pixel labelled 1 two times in three toward 1, where BCE settles at 2/3', () => {
    // An outline pixel that the data labels 1 in two batches and 0 in the third, beside confident
    // pixels. BCE's gradients cancel at the calibrated 2/3; the Dice loss's still point to 1.
    const truth = [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 0]].map((t) => tf.tensor4d(t, [1, 2, 2, 1]));
    const grad = (loss: (y: tf.Tensor, p: tf.Tensor) => tf.Scalar) =>
      tf.tidy(() => {
        const g = tf.grad((p: tf.Tensor) => tf.addN(truth.map((y) => loss(y, p))));
        return g(tf.tensor4d([0.99, 0.99, 0.99, 2 / 3], [1, 2, 2, 1])).dataSync()[3]!;
      });
    expect(Math.abs(grad(binaryCrossentropy))).toBeLessThan(1e-5);
    expect(grad(diceLoss)).toBeLessThan(-0.05);
    tf.dispose(truth);
  });
});
