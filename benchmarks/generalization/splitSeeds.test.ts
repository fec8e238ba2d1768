import { describe, expect, it } from 'vitest';
import { median } from '../train/median.js';
import { parseSplitSeeds, summarizeSplits } from './splitSeeds.js';

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
      { preset: 'cpu', splits: 3, medianLastValDice: 0.92, medianFullSizeDice: 0.93, lowestLastValDice: 0.88, highestLastValDice: 0.98 },
      { preset: 'tutorial', splits: 1, medianLastValDice: 0.7, medianFullSizeDice: 0.72, lowestLastValDice: 0.7, highestLastValDice: 0.7 },
    ]);
  });
});
