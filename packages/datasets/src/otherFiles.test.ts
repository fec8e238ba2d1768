import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeOtherFiles } from './otherFiles.js';
import { validateDataset } from './validateDataset.js';

describe('an image folder holding only formats Maskflow does not read', () => {
  it('names what it found and how to convert it', () => {
    expect(describeOtherFiles([])).toBe('');
    expect(describeOtherFiles(['a.HEIC', 'b.HEIC', 'notes'])).toBe('; found 3 other file(s) (.HEIC 2, (no extension) 1); convert them first, for example `mogrify -format png *.HEIC` (ImageMagick)');
    expect(describeOtherFiles(['a.txt'])).toBe('; found 1 other file(s) (.txt 1)');
  });

  it("says so in data:check's problem, for the folder and Carvana layouts", async () => {
    const root = mkdtempSync(join(tmpdir(), 'maskflow-other-'));
    mkdirSync(join(root, 'folders', 'images'), { recursive: true });
    mkdirSync(join(root, 'folders', 'masks'));
    writeFileSync(join(root, 'folders', 'images', 'IMG_0001.HEIC'), 'x');
    const folders = await validateDataset(join(root, 'folders'));
    expect(folders.problems.map((p) => p.message)).toContain(
      `${join(root, 'folders', 'images')}: no images found; expected .jpg, .jpeg, .png, .webp, .gif, .tif, .tiff files; found 1 other file(s) (.HEIC 1); convert them first, for example \`mogrify -format png *.HEIC\` (ImageMagick)`,
    );
    mkdirSync(join(root, 'carvana', 'train'), { recursive: true });
    writeFileSync(join(root, 'carvana', 'train', 'car_01.bmp'), 'x');
    const carvana = await validateDataset(join(root, 'carvana'));
    expect(carvana.problems.map((p) => p.message).join('\n')).toMatch(/no images found; expected train\/<car>_<NN>\.jpg \(or \.png, \.webp\); found 1 other file\(s\) \(\.bmp 1\); convert them first/);
  });
});
