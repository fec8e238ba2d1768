import { splitDataset, type Sample } from '@maskflow/datasets';
import { describe, expect, it } from 'vitest';
import { checkFoldFits, splitOptionsOf } from './splitOptions.js';

const cars = (n: number): Sample[] =>
  Array.from({ length: n * 4 }, (_, i) => ({ id: `car${Math.floor(i / 4)}_${i % 4}`, group: `car${Math.floor(i / 4)}`, imagePath: `/d/${i}.jpg` }));

const valCars = (options: ReturnType<typeof splitOptionsOf>): string[] => [...new Set(splitDataset(cars(12), options).val.map((s) => s.group))];

describe('splitOptionsOf', () => {
  it('splits with --seed unless --split-seed is given, by car or by image as --split says', () => {
    expect(splitOptionsOf({ valFraction: 0.2, seed: 42, split: 'car' })).toEqual({ valFraction: 0.2, seed: 42, by: 'group' });
    expect(splitOptionsOf({ valFraction: 0.1, seed: 42, split: 'image', splitSeed: 7 })).toEqual({ valFraction: 0.1, seed: 7, by: 'image' });
  });

  it('holds out other cars for another split seed, and the same cars whatever --seed is', () => {
    const base = valCars(splitOptionsOf({ valFraction: 0.2, seed: 42, split: 'car' }));
    expect(valCars(splitOptionsOf({ valFraction: 0.2, seed: 1, split: 'car', splitSeed: 42 }))).toEqual(base);
    expect(valCars(splitOptionsOf({ valFraction: 0.2, seed: 42, split: 'car', splitSeed: 7 }))).not.toEqual(base);
  });

  it('holds out each car once over the N runs of --fold K/N, and refuses more folds than cars', () => {
    const folds = [0, 1, 2, 3, 4, 5].map((index) => valCars(splitOptionsOf({ valFraction: 0.2, seed: 42, split: 'car', fold: { index, count: 6 } })));
    expect(folds.flat().sort()).toEqual([...new Set(cars(12).map((s) => s.group))].sort());
    expect(() => checkFoldFits({ valFraction: 0.2, seed: 42, split: 'car', fold: { index: 0, count: 13 } }, cars(12), '/d')).toThrow(
      /N at most the 12 cars of \/d .* for fold but received "0\/13"/,
    );
    expect(() => checkFoldFits({ valFraction: 0.2, seed: 42, split: 'image', fold: { index: 0, count: 13 } }, cars(12), '/d')).not.toThrow();
  });
});
