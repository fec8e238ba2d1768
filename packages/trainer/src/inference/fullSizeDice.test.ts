import { describe, expect, it } from 'vitest';
import { diceByGroup, maskDice } from './fullSizeDice.js';

describe('maskDice and diceByGroup', () => {
  it("is Kaggle's Dice: 2|A∩B| / (|A| + |B|), and 1 when both masks are empty", () => {
    expect(maskDice(Uint8Array.of(1, 1, 0, 0), Uint8Array.of(1, 0, 1, 0))).toBe(0.5);
    expect(maskDice(Uint8Array.of(0, 0), Uint8Array.of(0, 0))).toBe(1);
    expect(maskDice(Uint8Array.of(1, 0), Uint8Array.of(0, 0))).toBe(0);
  });

  it('averages each group over its images and lists the worst group first', () => {
    const scores = [{ group: 'b', dice: 0.9 }, { group: 'a', dice: 1 }, { group: 'b', dice: 0.7 }, { group: 'c', dice: 0.8 }];
    expect(diceByGroup(scores)).toEqual([
      { group: 'b', images: 2, dice: 0.8 },
      { group: 'c', images: 1, dice: 0.8 },
      { group: 'a', images: 1, dice: 1 },
    ]);
  });
});
