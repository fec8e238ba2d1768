import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildUNet, tf } from '@maskflow/model';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../__tests__/fixtures.js';
import { readTrainState } from '../../checkpoint/checkpoint.js';
import { initialTrainState } from '../../checkpoint/trainState.js';
import { TRAIN_DEFAULTS } from '../../config/trainConfig.js';
import type { EpochRecord } from '../../records/history.js';
import { CallbackList, type TrainCallback, type TrainControl } from '../callbacks.js';
import { compileForTraining } from '../prepareRun.js';
import { BestCheckpoint, LastCheckpoint } from './checkpoints.js';
import { EarlyStopping } from './earlyStopping.js';
import { ReduceLrOnPlateau } from './reduceLrOnPlateau.js';
import { TimeBudget } from './timeBudget.js';

const state = () => initialTrainState({ ...TRAIN_DEFAULTS, size: [256, 256], lr: 1e-3 });

/** An epoch record with the val logs the policies read by name; the rest zero. */
const logs = (val: { valLoss?: number; valDiceLoss?: number; seconds?: number }): EpochRecord =>
  ({ epoch: 0, loss: 0, diceLoss: 0, diceCoeff: 0, meanIoU: 0, valLoss: 0, valDiceLoss: 0, valDiceCoeff: 0, valMeanIoU: 0, lr: 0, imagesPerSecond: 0, inputWaitShare: 0, steps: 0, seconds: 0, ...val }) as EpochRecord;

/** A control that records what the callbacks asked for. */
function control(): TrainControl & { stops: string[]; notes: string[] } {
  const stops: string[] = [];
  const notes: string[] = [];
  return { stops, notes, stop: (reason, message) => void stops.push(`${reason}: ${message}`), say: (m) => void notes.push(m) };
}

describe('TimeBudget', () => {
  it('stops when another epoch as long as the last would end past --max-minutes, never at the last epoch or with 0', () => {
    const s = state();
    const c = control();
    const budget = new TimeBudget(s, 1, 10); // 60 s of epochs
    s.totals.seconds = 25;
    budget.onEpochEnd(1, logs({ seconds: 25 }), c); // 25 + 25 <= 60
    expect(c.stops).toEqual([]);
    s.totals.seconds = 50;
    budget.onEpochEnd(2, logs({ seconds: 25 }), c); // 50 + 25 > 60
    expect(c.stops).toHaveLength(1);
    expect(c.stops[0]).toMatch(/^maxMinutes: Time budget: 0\.8 min of epochs so far.*--max-minutes 1; stopping after epoch 2\.$/);
    const last = control();
    new TimeBudget(s, 1, 2).onEpochEnd(2, logs({ seconds: 25 }), last);
    new TimeBudget(s, 0, 10).onEpochEnd(2, logs({ seconds: 1e6 }), last);
    expect(last.stops).toEqual([]);
  });
});

describe('EarlyStopping', () => {
  it('stops after patience epochs without a lower val dice loss, naming the best epoch', () => {
    const s = state();
    const stopping = new EarlyStopping(s, 2);
    const c = control();
    for (const [epoch, valDiceLoss] of [[1, 0.5], [2, 0.6]] as const) stopping.onEpochEnd(epoch, logs({ valDiceLoss }), c);
    expect(c.stops).toEqual([]);
    stopping.onEpochEnd(3, logs({ valDiceLoss: 0.5 }), c);
    expect(c.stops).toEqual(['earlyStop: Early stop: val dice loss has not improved for 2 epochs (best at epoch 1).']);
    expect(s.earlyStopWait).toBe(2);
  });
  it('never stops with patience 0 but keeps counting, and continues a resumed count', () => {
    const s = state();
    const c = control();
    const off = new EarlyStopping(s, 0);
    for (let e = 1; e < 6; e++) off.onEpochEnd(e, logs({ valDiceLoss: 0.5 }), c);
    expect(c.stops).toEqual([]);
    expect(s.earlyStopWait).toBe(4);
    s.best = { valDiceLoss: 0.5, valDiceCoeff: 0.5, epoch: 1 };
    new EarlyStopping(s, 5).onEpochEnd(6, logs({ valDiceLoss: 0.5 }), c);
    expect(c.stops).toHaveLength(1);
  });
});

describe('ReduceLrOnPlateau', () => {
  it('multiplies the lr by the factor after patience epochs without a 1e-4 improvement, not below the minimum', () => {
    const s = state();
    const c = control();
    const plateau = new ReduceLrOnPlateau(s, { patience: 2, factor: 0.5, minLr: 3e-4 });
    const lrs = [1.0, 0.99995, 1.0, 0.5, 0.6, 0.6, 0.6, 0.6].map((valLoss, i) => {
      plateau.onEpochEnd(i + 1, logs({ valLoss }), c);
      return s.lr;
    });
    expect(lrs).toEqual([1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 3e-4, 3e-4, 3e-4]);
    expect(c.notes).toEqual(['val loss has not improved for 2 epochs: learning rate now 0.0005', 'val loss has not improved for 2 epochs: learning rate now 0.0003']);
  });
});

describe('CallbackList', () => {
  it('calls each callback in order, awaiting each, with the logs by name', async () => {
    const seen: string[] = [];
    const slow: TrainCallback = {
      onEpochEnd: async (epoch) => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push(`slow ${epoch}`);
      },
    };
    const reader: TrainCallback = { onEpochEnd: (epoch, l) => void seen.push(`reader ${epoch} ${l.valDiceLoss}`) };
    await new CallbackList([slow, {}, reader]).onEpochEnd(3, logs({ valDiceLoss: 0.25 }), control());
    expect(seen).toEqual(['slow 3', 'reader 3 0.25']);
  });
});

describe('BestCheckpoint and LastCheckpoint', () => {
  it('save best/ only on a lower val dice loss (mode min, not the published max bug) and last/ every epoch', async () => {
    await tf.setBackend('cpu');
    const model = buildUNet({ inputSize: [16, 16], baseFilters: 2, depth: 1, seed: 1 });
    compileForTraining(model, 1e-3);
    const s = state();
    const out = tempDir();
    const callbacks = new CallbackList([new BestCheckpoint(model, join(out, 'best'), s), new LastCheckpoint(model, join(out, 'last'), s)]);
    try {
      const bestEpochs: (number | undefined)[] = [];
      for (const [epoch, valDiceLoss] of [[1, 0.5], [2, 0.7], [3, 0.2], [4, 0.3]] as const) {
        s.epoch = epoch;
        await callbacks.onEpochEnd(epoch, logs({ valDiceLoss }), control());
        bestEpochs.push((await readTrainState(join(out, 'best'))).epoch);
      }
      expect(bestEpochs).toEqual([1, 1, 3, 3]);
      expect(s.best).toMatchObject({ valDiceLoss: 0.2, epoch: 3 });
      expect((await readTrainState(join(out, 'last'))).epoch).toBe(4);
      expect(existsSync(join(out, 'best', 'model.json'))).toBe(true);
    } finally {
      model.dispose();
    }
  });
});
