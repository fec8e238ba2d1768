import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMask } from '@maskflow/pipeline';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir, tinyCarvana, tinyTrainOptions } from '../__tests__/fixtures.js';
import { parseForeground } from '../config/parseForeground.js';
import { evaluate } from '../inference/evaluate.js';
import { train } from './train.js';

describe('--foreground', () => {
  it('reads "1,3", "#c00000", a number or a list, and refuses what names no mask value', () => {
    expect(parseForeground('foreground', '3, 1')).toEqual([1, 3]);
    expect(parseForeground('foreground', 2)).toEqual([2]);
    expect(parseForeground('foreground', [255])).toEqual([255]);
    expect(parseForeground('foreground', undefined)).toBeUndefined();
    expect(parseForeground('foreground', '#C00000, #00c000')).toEqual(['#00c000', '#c00000']);
    expect(parseForeground('foreground', ['#400080'])).toEqual(['#400080']);
    expect(() => parseForeground('foreground', '1;3')).toThrow(`Expected mask values or #rrggbb colours separated by commas, such as 1,3 or '#c00000' for foreground but received "1;3"`);
    expect(() => parseForeground('foreground', '1,#c00000')).toThrow(/all colours \(#rrggbb\), or all values/);
    expect(() => parseForeground('foreground', '70000')).toThrow(/integers in \[0, 65535\]/);
  });

  it('trains on trimap masks (1 object, 2 background) that would otherwise read all object, and evaluates them the same way', async () => {
    const source = await tinyCarvana(4, 4);
    const trimaps = join(tempDir(), 'trimaps');
    cpSync(join(source, 'train'), join(trimaps, 'train'), { recursive: true });
    mkdirSync(join(trimaps, 'train_masks'));
    // Each car mask as Oxford-IIIT Pet draws its trimaps: 1 on the object, 2 elsewhere; no csv.
    for (const name of readdirSync(join(source, 'train_masks'))) {
      const mask = await decodeMask(readFileSync(join(source, 'train_masks', name)));
      const trimap = Buffer.from(mask.data.map((v) => (v === 1 ? 1 : 2)));
      writeFileSync(join(trimaps, 'train_masks', name.replace(/\.gif$/, '.png')), await sharp(trimap, { raw: { width: mask.width, height: mask.height, channels: 1 } }).png().toBuffer());
    }
    const run = async (foreground: number[] | undefined): Promise<{ out: string; warnings: string[] }> => {
      const out = join(tempDir(), 'run');
      const warnings: string[] = [];
      await train(tinyTrainOptions(trimaps, out, { epochs: 1, ...(foreground === undefined ? {} : { foreground }) }), {
        onEvent: (e) => {
          if (e.type === 'info' && e.message.startsWith('warning: all')) warnings.push(e.message);
        },
      });
      return { out, warnings };
    };
    const plain = await run(undefined);
    expect(plain.warnings).toEqual([expect.stringMatching(/cover their whole image.*--foreground/)]);
    const listed = await run([1]);
    expect(listed.warnings).toEqual([]);
    expect(JSON.parse(readFileSync(join(listed.out, 'config.json'), 'utf8')).foreground).toEqual([1]);
    // evaluate reads the masks as the run did; naming the background instead scores the complement.
    const asTrained = await evaluate({ model: listed.out, split: 'all', threads: 1 });
    const inverted = await evaluate({ model: listed.out, split: 'all', threads: 1, foreground: [2] });
    expect(asTrained.samples).toBe(16);
    expect(asTrained.dice).not.toBeCloseTo(inverted.dice, 3);
  });
});
