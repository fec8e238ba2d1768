import { describe, expect, it } from 'vitest';
import { initialTrainState } from '../checkpoint/trainState.js';
import { TRAIN_DEFAULTS, type TrainConfig } from '../config/trainConfig.js';
import { stepBest, stepLrPlateau } from './schedules.js';

const config = (extra: Partial<TrainConfig>): TrainConfig => ({ ...TRAIN_DEFAULTS, size: [256, 256], ...extra });

describe('stepBest', () => {
  it('keeps the lowest val dice loss (mode min, not the published max bug)', () => {
    const c = config({});
    const s = initialTrainState(c);
    expect(stepBest(s, c, 1, { diceLoss: 0.5, diceCoeff: 0.5 }).improved).toBe(true);
    expect(stepBest(s, c, 2, { diceLoss: 0.7, diceCoeff: 0.3 }).improved).toBe(false);
    expect(stepBest(s, c, 3, { diceLoss: 0.2, diceCoeff: 0.8 }).improved).toBe(true);
    expect(s.best).toEqual({ valDiceLoss: 0.2, valDiceCoeff: 0.8, epoch: 3 });
  });
  it('stops after --early-stop epochs without improvement', () => {
    const c = config({ earlyStop: 2 });
    const s = initialTrainState(c);
    expect(stepBest(s, c, 1, { diceLoss: 0.5, diceCoeff: 0.5 }).stop).toBe(false);
    expect(stepBest(s, c, 2, { diceLoss: 0.6, diceCoeff: 0.4 }).stop).toBe(false);
    expect(stepBest(s, c, 3, { diceLoss: 0.5, diceCoeff: 0.5 }).stop).toBe(true);
  });
  it('never stops with --early-stop 0', () => {
    const c = config({ earlyStop: 0 });
    const s = initialTrainState(c);
    for (let e = 1; e < 10; e++) expect(stepBest(s, c, e, { diceLoss: 0.5, diceCoeff: 0.5 }).stop).toBe(false);
  });
});

describe('stepLrPlateau', () => {
  it('multiplies the lr by the factor after patience epochs without a 1e-4 improvement, not below lr-min', () => {
    const c = config({ lrPlateau: true, lrPlateauPatience: 2, lrPlateauFactor: 0.5, lr: 1e-3, lrMin: 3e-4 });
    const s = initialTrainState(c);
    expect(stepLrPlateau(s, c, 1.0)).toBeUndefined();
    expect(stepLrPlateau(s, c, 0.99995)).toBeUndefined();
    expect(stepLrPlateau(s, c, 1.0)).toBe(5e-4);
    expect(stepLrPlateau(s, c, 0.5)).toBeUndefined();
    expect(stepLrPlateau(s, c, 0.6)).toBeUndefined();
    expect(stepLrPlateau(s, c, 0.6)).toBe(3e-4);
    expect(stepLrPlateau(s, c, 0.6)).toBeUndefined();
    expect(stepLrPlateau(s, c, 0.6)).toBeUndefined();
    expect(s.lr).toBe(3e-4);
  });
  it('does nothing without --lr-plateau', () => {
    const c = config({});
    const s = initialTrainState(c);
    for (let e = 0; e < 5; e++) expect(stepLrPlateau(s, c, 1)).toBeUndefined();
  });
});
