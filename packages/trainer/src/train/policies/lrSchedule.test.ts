import { describe, expect, it } from 'vitest';
import { epochLearningRate, scheduleProgress, type EpochLrInput } from './lrSchedule.js';

const run = (over: Partial<EpochLrInput>): EpochLrInput => ({
  schedule: 'cosine', baseLr: 1e-3, minLr: 1e-5, warmupEpochs: 0, epoch: 1, epochs: 10, budgetSeconds: 0, spentSeconds: 0, lastEpochSeconds: 0, ...over,
});

describe('epochLearningRate', () => {
  it('constant: the base rate every epoch, after a linear warmup', () => {
    const lrs = [1, 2, 3, 4, 9].map((epoch) => epochLearningRate(run({ schedule: 'constant', warmupEpochs: 3, epoch })));
    expect(lrs.map((v) => +v.toPrecision(6))).toEqual([1e-3 / 3, 2e-3 / 3, 1e-3, 1e-3, 1e-3].map((v) => +v.toPrecision(6)));
  });

  it('cosine: from near the base rate down to near lrMin at each epoch midpoint, symmetric about the middle', () => {
    const lrs = Array.from({ length: 10 }, (_, i) => epochLearningRate(run({ epoch: i + 1 })));
    const expected = lrs.map((_, i) => 1e-5 + (1e-3 - 1e-5) * 0.5 * (1 + Math.cos((Math.PI * (i + 0.5)) / 10)));
    for (const [i, lr] of lrs.entries()) expect(lr).toBeCloseTo(expected[i]!, 12);
    expect(lrs[0]).toBeGreaterThan(0.99e-3);
    expect(lrs[9]).toBeLessThan(0.04e-3);
    for (let i = 1; i < 10; i++) expect(lrs[i]).toBeLessThan(lrs[i - 1]!);
    expect((lrs[4]! + lrs[5]!) / 2).toBeCloseTo((1e-3 + 1e-5) / 2, 12);
  });

  it('cosine with warmup: the ramp multiplies the decay, epoch k of w at k/w', () => {
    const warm = epochLearningRate(run({ warmupEpochs: 2, epoch: 1 }));
    expect(warm).toBeCloseTo(epochLearningRate(run({ epoch: 1 })) / 2, 12);
    expect(epochLearningRate(run({ warmupEpochs: 2, epoch: 3 }))).toBe(epochLearningRate(run({ epoch: 3 })));
  });

  it('cosine follows the time budget when it runs out before the epochs (a slow machine), never past lrMin', () => {
    // Epoch 3 of 50, but 3 of 6 budgeted minutes are gone and epochs take a minute: progress 3.5/6.
    const input = run({ epoch: 3, epochs: 50, budgetSeconds: 360, spentSeconds: 180, lastEpochSeconds: 60 });
    expect(scheduleProgress(input)).toBeCloseTo(3.5 / 6, 12);
    expect(epochLearningRate(input)).toBeCloseTo(1e-5 + (1e-3 - 1e-5) * 0.5 * (1 + Math.cos(Math.PI * (3.5 / 6))), 12);
    // A quiet machine: the epochs end first, and the budget changes nothing.
    const quiet = run({ epoch: 3, epochs: 10, budgetSeconds: 360, spentSeconds: 20, lastEpochSeconds: 10 });
    expect(epochLearningRate(quiet)).toBe(epochLearningRate(run({ epoch: 3 })));
    expect(epochLearningRate(run({ epoch: 9, budgetSeconds: 60, spentSeconds: 600, lastEpochSeconds: 60 }))).toBe(1e-5);
  });

  it('a run its epochs end keeps the rates of the epochs alone, however slow its first epoch (the cache fill) was', () => {
    // 120 epochs and 9 minutes, as the CPU preset: 4 s epochs fit, after a first epoch of 5 or 8 s.
    const rates = (first: number) => Array.from({ length: 120 }, (_, i) => epochLearningRate(run({
      epoch: i + 1, epochs: 120, budgetSeconds: 540, spentSeconds: i === 0 ? 0 : first + 4 * (i - 1), lastEpochSeconds: i === 0 ? 0 : i === 1 ? first : 4,
    })));
    const byEpochs = Array.from({ length: 120 }, (_, i) => epochLearningRate(run({ epoch: i + 1, epochs: 120 })));
    expect(rates(5)).toEqual(byEpochs);
    expect(rates(8)).toEqual(byEpochs);
    // From epoch 3 a pace that overruns the budget sets it: 5 s epochs from the second on need 600 s.
    const busy = run({ epoch: 3, epochs: 120, budgetSeconds: 540, spentSeconds: 10, lastEpochSeconds: 5 });
    expect(scheduleProgress(busy)).toBeCloseTo(12.5 / 540, 12);
    expect(scheduleProgress({ ...busy, epoch: 2, spentSeconds: 5 })).toBeCloseTo(1.5 / 120, 12);
  });

  it('cosine ends at the base rate when lrMin is above it (plateau reductions went lower)', () => {
    expect(epochLearningRate(run({ baseLr: 1e-6, minLr: 1e-5, epoch: 5 }))).toBeCloseTo(1e-6, 15);
  });
});
