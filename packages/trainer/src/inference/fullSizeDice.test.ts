import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../__tests__/fixtures.js';
import { tinyModelDir } from '../__tests__/predictFixtures.js';
import { diceByGroup, fullSizeDice, maskDice } from './fullSizeDice.js';

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

describe('fullSizeDice', () => {
  it("names the user's file, not the link it predicts through, when an image cannot be decoded", async () => {
    const dir = tempDir();
    const broken = join(dir, 'car1_01.jpg');
    writeFileSync(broken, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]));
    const samples = [{ id: 'car1_01', group: 'car1', imagePath: broken, rle: '1 1' }];
    const options = { tta: 'none', upsample: 'bilinear', backend: 'auto', batchSize: 1, threads: 1 } as const;
    await expect(fullSizeDice(await tinyModelDir(), samples, options)).rejects.toThrow(`${broken}: cannot be decoded`);
    expect(readdirSync(dir)).toEqual(['car1_01.jpg']);
  });
});
