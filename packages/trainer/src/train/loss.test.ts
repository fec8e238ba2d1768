import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tinyCarvana, tinyTrainOptions } from '../__tests__/fixtures.js';
import { validateTrainOptions } from '../config/validateTrainOptions.js';
import { train } from './train.js';

type Row = { epoch: number; loss: number; diceLoss: number; valLoss: number; valDiceLoss: number };
const history = (run: string) => JSON.parse(readFileSync(join(run, 'history.json'), 'utf8')) as Row[];
const savedLoss = (dir: string) => (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { maskflowTrainingConfig?: { loss: unknown } }).maskflowTrainingConfig?.loss;

describe('train --loss', () => {
  let data: string;
  let dice: string;
  let tutorial: string;
  let weighted: string;

  beforeAll(async () => {
    data = await tinyCarvana();
    dice = join(tempDir(), 'dice');
    await train(tinyTrainOptions(data, dice, { epochs: 1, loss: 'dice' }));
    tutorial = join(tempDir(), 'bce-dice');
    await train(tinyTrainOptions(data, tutorial, { epochs: 1 }));
    weighted = join(tempDir(), 'weighted');
    await train(tinyTrainOptions(data, weighted, { epochs: 1, diceWeight: 3 }));
  });

  it('dice trains on the Dice loss alone: loss and val_loss are the dice_loss columns, and the checkpoint names it', () => {
    const [row] = history(dice);
    expect(row!.loss).toBeCloseTo(row!.diceLoss, 5);
    expect(row!.valLoss).toBeCloseTo(row!.valDiceLoss, 5);
    expect(savedLoss(join(dice, 'last'))).toBe('dice_loss');
  });

  it('the default is the tutorial BCE + Dice: loss exceeds its dice_loss part', () => {
    const [row] = history(tutorial);
    expect(row!.loss).toBeGreaterThan(row!.diceLoss + 1e-3);
    expect(row!.valLoss).toBeGreaterThan(row!.valDiceLoss + 1e-3);
    expect(savedLoss(join(tutorial, 'last'))).toBe('bce_dice_loss');
  });

  it('--dice-weight weights the Dice term: the loss is more than 3 times its dice_loss, and the checkpoint keeps the weight through a resume', async () => {
    expect(history(weighted)[0]!.valLoss).toBeGreaterThan(3 * history(weighted)[0]!.valDiceLoss + 1e-3);
    const saved = { class_name: 'bce_dice_loss', config: { dice_weight: 3 } };
    expect(savedLoss(join(weighted, 'last'))).toEqual(saved);
    await train({ resume: weighted, epochs: 2 });
    expect(savedLoss(join(weighted, 'last'))).toEqual(saved);
    await expect(train({ resume: weighted, epochs: 3, diceWeight: 1 })).rejects.toThrow(/Expected the checkpoint's value 3 when resuming for diceWeight but received 1/);
  });

  it('--dice-per-image takes the Dice term per image: the checkpoint says so, a resume keeps it and refuses the batch Dice', async () => {
    const run = join(tempDir(), 'per-image');
    await train(tinyTrainOptions(data, run, { epochs: 1, diceWeight: 3, dicePerImage: true }));
    const saved = { class_name: 'bce_dice_loss', config: { dice_weight: 3, per_image: true } };
    expect(savedLoss(join(run, 'last'))).toEqual(saved);
    expect(savedLoss(join(run, 'best'))).toEqual(saved);
    await train({ resume: run, epochs: 2 });
    expect(history(run)).toHaveLength(2);
    expect(savedLoss(join(run, 'last'))).toEqual(saved);
    await expect(train({ resume: run, epochs: 3, dicePerImage: false })).rejects.toThrow(/Expected the checkpoint's value true when resuming for dicePerImage but received false/);
    const diceAlone = join(tempDir(), 'dice-per-image');
    await train(tinyTrainOptions(data, diceAlone, { epochs: 1, loss: 'dice', dicePerImage: true }));
    expect(savedLoss(join(diceAlone, 'last'))).toBe('dice_loss_per_image');
  });

  it('a resumed run keeps its loss, and refuses another', async () => {
    await train({ resume: dice, epochs: 2 });
    const rows = history(dice);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.loss).toBeCloseTo(rows[1]!.diceLoss, 5);
    await expect(train({ resume: dice, epochs: 3, loss: 'bce-dice' })).rejects.toThrow(/Expected the checkpoint's value "dice" when resuming for loss but received "bce-dice"/);
  });

  it('an unknown loss names the choices', () => {
    expect(() => validateTrainOptions({ loss: 'focal' })).toThrow("Expected one of 'bce-dice', 'dice', 'bce' for loss but received \"focal\"");
  });
});
