import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeMaskGif } from '@maskflow/datasets';
import { describe, expect, it } from 'vitest';
import { tempDir, tinyCarvana, tinyTrainOptions } from '../__tests__/fixtures.js';
import { maskTallyOf, maskTallyWarning } from './maskTally.js';
import { train } from './train.js';

describe('mask tally', () => {
  it("warns only when every mask of the loader's epoch is empty, or every one full", () => {
    const tally = maskTallyOf({ samples: 4, masks: { empty: 2, full: 1 } });
    expect(tally).toEqual({ masks: 4, empty: 2, full: 1 });
    expect(maskTallyWarning(tally, 'd')).toBeUndefined();
    expect(maskTallyWarning({ masks: 8, empty: 8, full: 0 }, 'my-data')).toMatch(/^warning: all 8 training masks of epoch 1 are empty .*`maskflow explore --data my-data`/);
    expect(maskTallyWarning({ masks: 8, empty: 0, full: 8 }, 'd')).toMatch(/cover their whole image.*background is not 0.*make the background 0/);
    expect(maskTallyWarning(maskTallyOf({ samples: 0, masks: { empty: 0, full: 0 } }), 'd')).toBeUndefined();
  });

  it('warns after the first epoch when every training mask is empty, and not for a set with objects', async () => {
    const good = await tinyCarvana(4, 4);
    const blank = join(tempDir(), 'blank');
    cpSync(join(good, 'train'), join(blank, 'train'), { recursive: true });
    mkdirSync(join(blank, 'train_masks'));
    // The same photos, each with an empty mask (and no csv).
    for (const name of readdirSync(join(blank, 'train'))) {
      writeFileSync(join(blank, 'train_masks', name.replace(/\.jpg$/, '_mask.gif')), encodeMaskGif(new Uint8Array(96 * 64), 96, 64));
    }
    const infos = async (data: string): Promise<string[]> => {
      const messages: string[] = [];
      await train(tinyTrainOptions(data, join(tempDir(), 'run'), { epochs: 1 }), {
        onEvent: (e) => {
          if (e.type === 'info') messages.push(e.message);
        },
      });
      return messages;
    };
    expect((await infos(blank)).filter((m) => m.startsWith('warning: all'))).toEqual([
      expect.stringMatching(/^warning: all 12 training masks of epoch 1 are empty/),
    ]);
    expect((await infos(good)).some((m) => m.startsWith('warning: all'))).toBe(false);
  });
});
