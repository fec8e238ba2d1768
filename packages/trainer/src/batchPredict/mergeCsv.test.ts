import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../__tests__/fixtures.js';
import { MergeCsvError, mergeCsv } from './mergeCsv.js';

function csv(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `img,rle_mask\n${body}`);
  return path;
}

describe('mergeCsv', () => {
  it('merges sorted by name and checks against the input folder', async () => {
    const dir = tempDir();
    const images = join(dir, 'test');
    mkdirSync(images);
    for (const name of ['a.jpg', 'b.jpg', 'c.jpg']) writeFileSync(join(images, name), '');
    const parts = [csv(dir, '1.csv', 'c.jpg,5 1\na.jpg,\n'), csv(dir, '2.csv', 'b.jpg,1 3\n')];
    const summary = await mergeCsv({ inputs: parts, output: join(dir, 'out.csv'), expect: [images] });
    expect(summary).toMatchObject({ rows: 3, perInput: [{ rows: 2 }, { rows: 1 }] });
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('img,rle_mask\na.jpg,\nb.jpg,1 3\nc.jpg,5 1\n');
    const extra = csv(dir, '3.csv', 'd.jpg,1 1\n');
    await expect(mergeCsv({ inputs: [...parts, extra], output: join(dir, 'x.csv'), expect: [images] })).rejects.toThrow(/1 row\(s\) for images not among the expected inputs: d\.jpg/);
  });

  it("leaves out predict's masks folder inside the input with skip, and says so when it was not given", async () => {
    const dir = tempDir();
    const images = join(dir, 'test');
    mkdirSync(join(images, 'masks'), { recursive: true });
    for (const name of ['a.jpg', 'b.jpg']) writeFileSync(join(images, name), '');
    for (const name of ['a_mask.png', 'b_mask.png']) writeFileSync(join(images, 'masks', name), '');
    const part = csv(dir, '1.csv', 'a.jpg,1 1\nb.jpg,\n');
    const error = await mergeCsv({ inputs: [part], output: join(dir, 'out.csv'), expect: [images] }).catch((e: unknown) => e);
    expect((error as MergeCsvError).problems).toEqual([
      '2 image(s) without a row: masks/a_mask.png, masks/b_mask.png',
      "the images without a row are all named *_mask.png, as predict's masks are: if predict's --output was inside --input, pass that folder to --skip",
    ]);
    const summary = await mergeCsv({ inputs: [part], output: join(dir, 'out.csv'), expect: [images], skip: join(images, 'masks') });
    expect(summary).toMatchObject({ rows: 2, checkedAgainstInputs: true });
  });

  it('lists every problem at once and writes nothing', async () => {
    const dir = tempDir();
    const a = csv(dir, 'a.csv', 'x.jpg,1 1\ny.jpg,2 2\n');
    const b = csv(dir, 'b.csv', 'y.jpg,2 2\nz.jpg,3');
    const error = await mergeCsv({ inputs: [a, b], output: join(dir, 'out.csv') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MergeCsvError);
    expect((error as MergeCsvError).problems).toEqual([
      '1 image(s) with more than one row: y.jpg (a.csv and b.csv)',
      `${b} ends in a row cut short (7 bytes without a newline): its run was killed; rerun it to complete the csv`,
    ]);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
    await expect(mergeCsv({ inputs: [a], output: a })).rejects.toThrow(/Expected a path other than the inputs for output/);
  });

  it('names a shard csv that is missing or a folder among the other problems', async () => {
    const dir = tempDir();
    const a = csv(dir, 'a.csv', 'x.jpg,1 1\n');
    const missing = join(dir, 'part-1.csv');
    const error = await mergeCsv({ inputs: [a, missing, dir, a], output: join(dir, 'out.csv') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MergeCsvError);
    expect((error as MergeCsvError).problems).toEqual([
      `${missing}: no such file`,
      `${dir}: is a directory, not a csv`,
      '1 image(s) with more than one row: x.jpg (a.csv and a.csv)',
    ]);
  });
});
