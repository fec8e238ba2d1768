import { describe, expect, it } from 'vitest';
import type { Sample } from './sample.js';
import { splitDataset } from './splitDataset.js';

function carvanaList(cars: number, views = 16): Sample[] {
  const samples: Sample[] = [];
  for (let c = 0; c < cars; c++) {
    for (let v = 1; v <= views; v++) {
      const id = `car${c}_${String(v).padStart(2, '0')}`;
      samples.push({ id, group: `car${c}`, imagePath: `/d/train/${id}.jpg` });
    }
  }
  return samples;
}

describe('splitDataset', () => {
  const samples = carvanaList(318);

  it('reproduces the tutorial sizes by image: 5088 -> 4070 / 1018', () => {
    const { train, val } = splitDataset(samples);
    expect(samples.length).toBe(5088);
    expect(train.length).toBe(4070);
    expect(val.length).toBe(1018);
    expect(new Set([...train, ...val].map((s) => s.id)).size).toBe(5088);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = splitDataset(samples, { seed: 7 }).val.map((s) => s.id);
    expect(splitDataset(samples, { seed: 7 }).val.map((s) => s.id)).toEqual(a);
    expect(splitDataset(samples, { seed: 8 }).val.map((s) => s.id)).not.toEqual(a);
  });

  it('by group keeps every car on one side, within one car of the fraction', () => {
    const { train, val } = splitDataset(samples, { by: 'group' });
    const trainCars = new Set(train.map((s) => s.group));
    for (const s of val) expect(trainCars.has(s.group)).toBe(false);
    expect(train.length + val.length).toBe(5088);
    expect(Math.abs(val.length - 0.2 * 5088)).toBeLessThanOrEqual(16);
  });

  it('by group never leaves val empty when a fraction is asked for and two groups exist', () => {
    const { train, val } = splitDataset(carvanaList(2), { by: 'group' });
    expect(new Set(val.map((s) => s.group)).size).toBe(1);
    expect(new Set(train.map((s) => s.group)).size).toBe(1);
    expect(val[0]?.group).not.toBe(train[0]?.group);
    // One group, or no fraction: nothing to move, as before.
    expect(splitDataset(carvanaList(1), { by: 'group' }).val).toEqual([]);
    expect(splitDataset(carvanaList(2), { by: 'group', valFraction: 0 }).val).toEqual([]);
  });

  it('by image mixes views of one car across sides (the leak the group split avoids)', () => {
    const { train, val } = splitDataset(samples);
    const trainCars = new Set(train.map((s) => s.group));
    expect(val.some((s) => trainCars.has(s.group))).toBe(true);
  });

  it('handles fraction 0 and rejects bad options', () => {
    expect(splitDataset(samples, { valFraction: 0 }).val).toEqual([]);
    expect(() => splitDataset(samples, { valFraction: 1 })).toThrow(/valFraction/);
    expect(() => splitDataset(samples, { valFraction: '0.2' as unknown as number })).toThrow(TypeError);
    expect(() => splitDataset(samples, { seed: 0.5 })).toThrow(/seed/);
    expect(() => splitDataset(samples, { by: 'car' as 'group' })).toThrow(/"image" or "group"/);
  });

  it('K-fold by group holds out every car exactly once over the folds, never on both sides', () => {
    const cars = carvanaList(12);
    const heldOut = [0, 1, 2, 3, 4, 5].map((index) => {
      const { train, val } = splitDataset(cars, { by: 'group', seed: 3, fold: { index, count: 6 } });
      const trainCars = new Set(train.map((s) => s.group));
      expect(val.some((s) => trainCars.has(s.group))).toBe(false);
      expect(train.length + val.length).toBe(cars.length);
      return [...new Set(val.map((s) => s.group))];
    });
    for (const fold of heldOut) expect(fold).toHaveLength(2);
    expect(heldOut.flat().sort()).toEqual([...new Set(cars.map((s) => s.group))].sort());
    // Another seed deals the cars out differently.
    expect(splitDataset(cars, { by: 'group', seed: 4, fold: { index: 0, count: 6 } }).val.map((s) => s.group)).not.toEqual(
      splitDataset(cars, { by: 'group', seed: 3, fold: { index: 0, count: 6 } }).val.map((s) => s.group),
    );
  });

  it('K-fold balances folds by sample count: images within one, unequal cars within the largest car', () => {
    const images = [0, 1, 2].map((index) => splitDataset(carvanaList(7, 1), { fold: { index, count: 3 } }).val.length);
    expect(images.sort()).toEqual([2, 2, 3]);
    // Cars of 2, 4, 6 and 8 views (20 images) in two folds: 10 and 10 is reachable, and no fold may exceed 10 + 8.
    const uneven = [2, 4, 6, 8].flatMap((views, c) => carvanaList(1, views).map((s) => ({ ...s, id: `${c}-${s.id}`, group: `car${c}` })));
    const sizes = [0, 1].map((index) => splitDataset(uneven, { by: 'group', fold: { index, count: 2 } }).val.length);
    expect(sizes[0]! + sizes[1]!).toBe(20);
    expect(Math.abs(sizes[0]! - sizes[1]!)).toBeLessThanOrEqual(8);
  });

  it('refuses folds that cannot be made, naming the option', () => {
    const cars = carvanaList(4);
    expect(() => splitDataset(cars, { by: 'group', fold: { index: 0, count: 5 } })).toThrow(/at most the 4 groups \(cars\).*for fold\.count but received 5/);
    expect(() => splitDataset(cars, { by: 'group', fold: { index: 0, count: 1 } })).toThrow(/fold\.count/);
    expect(() => splitDataset(cars, { by: 'group', fold: { index: 4, count: 4 } })).toThrow(/\[0, 3\] for fold\.index/);
    expect(() => splitDataset(cars, { fold: 'x' as unknown as { index: number; count: number } })).toThrow(TypeError);
  });
});
