import { rleEncode } from '@maskflow/datasets';
import { describe, expect, it } from 'vitest';
import { diceByCar, rleDice } from './fullSizeDice.js';

describe('rleDice', () => {
  it('scores two run-length masks as 2|T∩P| / (|T| + |P|), and two empty masks as 1', () => {
    const width = 6, height = 4;
    const t = new Uint8Array(width * height), p = new Uint8Array(width * height);
    t.fill(1, 0, 8); // 8 pixels
    p.fill(1, 4, 10); // 6 pixels, 4 of them in t
    expect(rleDice(rleEncode(t, width, height), rleEncode(p, width, height), width, height)).toBeCloseTo((2 * 4) / 14, 12);
    expect(rleDice(rleEncode(t, width, height), rleEncode(t, width, height), width, height)).toBe(1);
    expect(rleDice('', '', width, height)).toBe(1);
    expect(rleDice(rleEncode(t, width, height), '', width, height)).toBe(0);
  });
});

describe('diceByCar', () => {
  it('averages each car over its own images, so one hard car shows beside an easy one', () => {
    const scores = [
      { car: 'b', dice: 0.8 },
      { car: 'a', dice: 1 },
      { car: 'b', dice: 0.6 },
      { car: 'a', dice: 0.9 },
      { car: 'b', dice: 0.7 },
    ];
    const cars = diceByCar(scores);
    expect(cars.map((c) => [c.car, c.images])).toEqual([['b', 3], ['a', 2]]);
    expect(cars[0]?.dice).toBeCloseTo(0.7, 12);
    expect(cars[1]?.dice).toBeCloseTo(0.95, 12);
    expect(diceByCar([])).toEqual([]);
  });
});
