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
});
