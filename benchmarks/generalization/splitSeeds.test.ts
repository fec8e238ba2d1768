import { describe, expect, it } from 'vitest';
import { median } from '../train/median.js';
import { carsWorstFirst, parseFolds, parseSplitSeeds, splitRuns, summarizeSplits } from './splitSeeds.js';

describe('parseSplitSeeds', () => {
  it('runs once with the trainer’s own split when no seeds are given', () => {
    expect(parseSplitSeeds(undefined, ['--size', '128'])).toEqual([undefined]);
  });

  it('reads comma-separated seeds, 0 included', () => {
    expect(parseSplitSeeds('1, 2,0', [])).toEqual([1, 2, 0]);
  });

  it('refuses bad lists, repeats, and a --split-seed also given to the trainer', () => {
    for (const text of ['', '1,,2', '-1', '1.5', 'a', String(2 ** 32)]) expect(() => parseSplitSeeds(text, [])).toThrow(/--split-seeds: expected/);
    expect(() => parseSplitSeeds('1,2,1', [])).toThrow(/twice/);
    expect(() => parseSplitSeeds('1,2', ['--split-seed', '3'])).toThrow(/already set --split-seed/);
    expect(() => parseSplitSeeds('1,2', ['--split-seed=3'])).toThrow(/already set --split-seed/);
  });
});

describe('parseFolds and splitRuns', () => {
  it('runs each fold of N with --fold K/N, and each seed\'s folds with --split-seeds', () => {
    expect(parseFolds(undefined, [])).toBeUndefined();
    expect(splitRuns([undefined], undefined)).toEqual([{ label: null, flags: [], suffix: '' }]);
    expect(splitRuns([undefined], parseFolds('3', ['--size', '128']))).toEqual([
      { label: 'fold 0/3', flags: ['--fold', '0/3'], suffix: '-fold-0' },
      { label: 'fold 1/3', flags: ['--fold', '1/3'], suffix: '-fold-1' },
      { label: 'fold 2/3', flags: ['--fold', '2/3'], suffix: '-fold-2' },
    ]);
    expect(splitRuns([1, 2], 2).map((r) => r.flags.join(' '))).toEqual(['--split-seed 1 --fold 0/2', '--split-seed 1 --fold 1/2', '--split-seed 2 --fold 0/2', '--split-seed 2 --fold 1/2']);
    expect(splitRuns([7], undefined)).toEqual([{ label: '7', flags: ['--split-seed', '7'], suffix: '-split-7' }]);
  });

  it('refuses a bad fold count, and a --fold also given to the trainer', () => {
    for (const text of ['1', '0', 'x', '2.5', '', '1001']) expect(() => parseFolds(text, [])).toThrow(/--folds: expected an integer 2-1000/);
    expect(() => parseFolds('6', ['--fold', '0/6'])).toThrow(/already set --fold/);
  });
});

describe('summarizeSplits', () => {
  it('gives each preset the median of its splits, leaving out runs that ended without an epoch', () => {
    expect(median([0.9, 0.8, 0.95])).toBe(0.9);
    expect(median([0.8, 0.9])).toBeCloseTo(0.85);
    const runs = [
      { preset: 'cpu', lastValDice: 0.88, bestFullSizeDice: 0.89 },
      { preset: 'cpu', lastValDice: 0.98, bestFullSizeDice: 0.97 },
      { preset: 'cpu', lastValDice: 0.92, bestFullSizeDice: 0.93 },
      { preset: 'cpu', lastValDice: NaN, bestFullSizeDice: NaN },
      { preset: 'tutorial', lastValDice: 0.7, bestFullSizeDice: 0.72 },
    ];
    expect(summarizeSplits(runs)).toEqual([
      { preset: 'cpu', splits: 3, meanLastValDice: expect.closeTo(0.9267, 4), meanFullSizeDice: expect.closeTo(0.93, 4), medianLastValDice: 0.92, medianFullSizeDice: 0.93, lowestLastValDice: 0.88, highestLastValDice: 0.98 },
      { preset: 'tutorial', splits: 1, meanLastValDice: 0.7, meanFullSizeDice: 0.72, medianLastValDice: 0.7, medianFullSizeDice: 0.72, lowestLastValDice: 0.7, highestLastValDice: 0.7 },
    ]);
  });
});

describe('carsWorstFirst', () => {
  it('lists the held-out cars of one preset\'s runs, worst first', () => {
    const runs = [
      { preset: 'cpu', byCar: [{ group: 'a', images: 16, dice: 0.97 }, { group: 'b', images: 16, dice: 0.91 }] },
      { preset: 'tutorial', byCar: [{ group: 'a', images: 16, dice: 0.5 }] },
      { preset: 'cpu', byCar: [{ group: 'c', images: 16, dice: 0.95 }] },
    ];
    expect(carsWorstFirst(runs, 'cpu').map((c) => c.group)).toEqual(['b', 'c', 'a']);
  });
});
