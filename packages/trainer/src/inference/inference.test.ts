import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { rleDecode } from '@maskflow/datasets';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tinyCarvana, tinyTrainOptions } from '../__tests__/fixtures.js';
import { predictFolder } from '../batchPredict/predictFolder.js';
import { train } from '../train/train.js';
import { evaluate } from './evaluate.js';
import { explore } from './explore.js';
import { maskDice } from './fullSizeDice.js';
import { predict } from './predict.js';

describe('evaluate, predict, explore', () => {
  let data: string;
  let run: string;

  beforeAll(async () => {
    data = await tinyCarvana();
    run = join(tempDir(), 'run');
    await train(tinyTrainOptions(data, run, { epochs: 1 }));
  });

  it('evaluates the validation split of the training run, with and without flip TTA', async () => {
    const plain = await evaluate({ model: run });
    expect(plain).toMatchObject({ split: 'val', tta: 'none', data, model: join(run, 'best') });
    const history = JSON.parse(readFileSync(join(run, 'history.json'), 'utf8')) as { valDiceCoeff: number; valMeanIoU: number; valImageDice: number }[];
    // The same samples, batches and metric as validation during training.
    expect(plain.dice).toBeCloseTo(history[0]!.valDiceCoeff, 5);
    expect(plain.meanIoU).toBeCloseTo(history[0]!.valMeanIoU, 5);
    expect(plain.imageDice).toBeCloseTo(history[0]!.valImageDice, 5);
    expect(plain.imageDice).toBeGreaterThanOrEqual(0);
    expect(plain.imageDice).toBeLessThanOrEqual(1);
    const flipped = await evaluate({ model: join(run, 'best'), tta: 'flip', split: 'all' });
    expect(flipped.samples).toBe(24);
    expect(flipped.dice).not.toBe(plain.dice);
  });

  it("scores the masks predict writes at each image's own size, per car worst first", async () => {
    const result = await evaluate({ model: run, fullSize: true, threads: 1 });
    const full = result.fullSize!;
    // The same score by another road: predictFolder's csv (predict's default path) against train_masks.csv.
    const val = tempDir();
    const truth = new Map(readFileSync(join(data, 'train_masks.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',') as [string, string]));
    const groups = full.byGroup.map((g) => g.group);
    const names = [...truth.keys()].filter((img) => groups.some((car) => img.startsWith(`${car}_`)));
    const csv = join(val, 'rows.csv');
    await predictFolder({ model: run, inputs: names.map((img) => join(data, 'train', img)), csv, threads: 1 });
    const dices = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((line) => {
      const [img, rle] = line.split(',') as [string, string];
      return maskDice(rleDecode(truth.get(img)!, 96, 64), rleDecode(rle, 96, 64));
    });
    expect(dices).toHaveLength(result.samples);
    expect(full.imageDice).toBeCloseTo(dices.reduce((a, b) => a + b, 0) / dices.length, 9);
    expect(full.byGroup.reduce((n, g) => n + g.images, 0)).toBe(result.samples);
    expect(full.byGroup.map((g) => g.dice)).toEqual(full.byGroup.map((g) => g.dice).sort((a, b) => a - b));
    expect(full.byGroup.reduce((a, g) => a + g.dice * g.images, 0) / result.samples).toBeCloseTo(full.imageDice, 9);
    await expect(evaluate({ model: run, fullSize: 'yes' as never })).rejects.toThrow(/fullSize/);
  });

  it('scores a folder set whose subfolders repeat file names (car1/01.jpg, car2/01.jpg) as the same set in Carvana layout', async () => {
    const nested = tempDir();
    const truth = readFileSync(join(data, 'train_masks.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of truth) {
      const [img, rle] = line.split(',') as [string, string];
      const [, car, view] = /^(.+)_(\d+)\.jpg$/.exec(img)!;
      await mkdir(join(nested, 'images', car!), { recursive: true });
      await mkdir(join(nested, 'masks', car!), { recursive: true });
      writeFileSync(join(nested, 'images', car!, `${view}.jpg`), readFileSync(join(data, 'train', img)));
      const mask = Uint8Array.from(rleDecode(rle, 96, 64), (v) => v * 255);
      await sharp(mask, { raw: { width: 96, height: 64, channels: 1 } }).png().toFile(join(nested, 'masks', car!, `${view}.png`));
    }
    const [carvana, folders] = await Promise.all([data, nested].map((d) => evaluate({ model: run, data: d, split: 'all', fullSize: true, threads: 1 })));
    expect(folders!.samples).toBe(carvana!.samples);
    expect(folders!.fullSize!.imageDice).toBeCloseTo(carvana!.fullSize!.imageDice, 9);
    expect(folders!.fullSize!.byGroup).toEqual(carvana!.fullSize!.byGroup);
  });

  it('names what is wrong with a missing or damaged model directory', async () => {
    await expect(evaluate({ model: join(tempDir(), 'none') })).rejects.toThrow(/no model\.json/);
    const damaged = join(tempDir(), 'damaged');
    await mkdir(damaged);
    writeFileSync(join(damaged, 'model.json'), '{"modelTopology": ');
    await expect(evaluate({ model: damaged })).rejects.toThrow(/damaged.*model\.json|cannot load the model/);
    await expect(evaluate({ model: run, split: 'test' as never })).rejects.toThrow("Expected one of 'val', 'all' for split but received \"test\" of type string");
  });

  it('predicts a 0/255 mask PNG per input at its own size, overlays, and a csv that decodes to the masks', async () => {
    const output = join(tempDir(), 'pred');
    const images = (await readdir(join(data, 'train'))).slice(0, 3).map((f) => join(data, 'train', f));
    // A PNG of another size: masks follow each input's own size.
    const odd = join(tempDir(), 'odd.png');
    await sharp(images[0]!).resize(50, 30, { fit: 'fill' }).png().toFile(odd);
    const csv = join(output, 'submission.csv');
    const result = await predict({ model: run, inputs: [...images, odd], output, viz: true, rleCsv: csv });
    expect(result.files).toHaveLength(4);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('img,rle_mask');
    for (const [i, f] of result.files.entries()) {
      const png = readFileSync(f.mask);
      // IHDR: colour type 0 is greyscale, 8 bits deep.
      expect([png[24], png[25]]).toEqual([8, 0]);
      const { data: px, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      const source = await sharp(f.input).metadata();
      expect([info.width, info.height]).toEqual([source.width, source.height]);
      expect([...new Set(px)].every((v) => v === 0 || v === 255)).toBe(true);
      const [name, rle] = rows[i + 1]!.split(',');
      expect(name).toBe(f.input.split('/').pop());
      const decoded = rleDecode(rle ?? '', info.width, info.height);
      expect(Buffer.from(decoded.map((v) => v * 255)).equals(px)).toBe(true);
      expect(existsSync(f.overlay!)).toBe(true);
    }
    expect(result.files[3]).toMatchObject({ width: 50, height: 30 });
  });

  it('refuses missing inputs by name', async () => {
    await expect(predict({ model: run, inputs: ['/nonexistent.jpg'], output: tempDir() })).rejects.toThrow(/nonexistent\.jpg: does not exist/);
    await expect(predict({ model: run, inputs: [], output: tempDir() })).rejects.toThrow('Expected at least one image file or directory for input but received [] of type array');
    await expect(predict({ model: run, inputs: [data], output: tempDir(), threshold: 2 })).rejects.toThrow('Expected a number in [0, 1] for threshold but received 2 of type number');
  });

  it('refuses two inputs that would write the same mask file, before writing any', async () => {
    const [a, b] = [tempDir(), tempDir()];
    const image = readFileSync(join(data, 'train', (await readdir(join(data, 'train')))[0]!));
    writeFileSync(join(a, '0001.jpg'), image);
    writeFileSync(join(b, '0001.jpg'), image);
    const output = tempDir();
    await expect(predict({ model: run, inputs: [a, b], output })).rejects.toThrow(`Inputs ${join(a, '0001.jpg')} and ${join(b, '0001.jpg')} would both write 0001_mask.png; predict them into separate output folders`);
    expect(await readdir(output)).toEqual([]);
  });

  it('predicts a folder with subfolders into the same subfolders, TIFF and GIF photos too, never reading its own output or a linked folder', async () => {
    const input = tempDir();
    const train = join(data, 'train');
    const [first, second] = (await readdir(train)).slice(0, 2).map((f) => join(train, f)) as [string, string];
    await mkdir(join(input, 'car1'));
    await mkdir(join(input, 'car2', 'rear'), { recursive: true });
    writeFileSync(join(input, 'car1', '01.jpg'), readFileSync(first));
    writeFileSync(join(input, 'car2', 'rear', '01.jpg'), readFileSync(second));
    await sharp(first).tiff({ compression: 'lzw' }).toFile(join(input, 'car1', '02.tif'));
    await sharp(second).gif().toFile(join(input, 'top.gif'));
    writeFileSync(join(input, '.hidden.jpg'), 'a dot-file is not an input');
    symlinkSync(input, join(input, 'loop')); // a linked folder is not followed: this one would never end
    const output = join(input, 'masks');
    const csv = join(tempDir(), 'rows.csv');
    const result = await predict({ model: run, inputs: [input], output, rleCsv: csv });
    const written = result.files.map((f) => f.mask.slice(output.length + 1));
    expect(written).toEqual(['car1/01_mask.png', 'car1/02_mask.png', 'car2/rear/01_mask.png', 'top_mask.png']);
    expect(readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[0])).toEqual(['car1/01.jpg', 'car1/02.tif', 'car2/rear/01.jpg', 'top.gif']);
    // The same picture as JPEG and as lossless TIFF gives nearly the same mask.
    const [jpegMask, tiffMask] = await Promise.all(written.slice(0, 2).map((m) => sharp(join(output, m)).extractChannel(0).raw().toBuffer()));
    expect(maskDice(Uint8Array.from(jpegMask!, (v) => v / 255), Uint8Array.from(tiffMask!, (v) => v / 255))).toBeGreaterThan(0.9);
    // Run again: the masks now inside the input folder are not predicted on.
    const again = await predict({ model: run, inputs: [input], output });
    expect(again.files).toHaveLength(4);
  });

  it('explores a data set: statistics and a grid of images beside masks', async () => {
    const out = join(tempDir(), 'explore.png');
    const r = await explore({ data, samples: 3, out });
    expect(r).toMatchObject({ layout: 'carvana', samples: 24, groups: 6, viewsPerGroup: { min: 4, mean: 4, max: 4 }, imageSizes: { '96x64': 24 }, masksFromCsv: 24, maskFiles: 24, emptyMasks: 0, fullMasks: 0, problems: [] });
    expect(r.meanMaskCoverage).toBeGreaterThan(0.05);
    expect(r.meanMaskCoverage).toBeLessThan(0.9);
    // The synthetic GIFs are palette indices 0 (black) and 1 (white), covering what the coverage says.
    expect(r.maskValues.files).toBe(24);
    expect(r.maskValues.shares.map((s) => s.value)).toEqual([0, 1]);
    expect(r.maskValues.shares[1]!.share).toBeCloseTo(r.meanMaskCoverage, 1);
    const meta = await sharp(out).metadata();
    expect(meta.width).toBe(120 + 6 + 2 * (256 + 6));
  });

  it('counts the masks with no object and the masks all object', async () => {
    const dir = tempDir();
    const [image] = await readdir(join(data, 'train'));
    await mkdir(join(dir, 'images'));
    await mkdir(join(dir, 'masks'));
    const shapes: Record<string, number[]> = { empty: [0, 0], full: [255, 255], half: [0, 255] };
    for (const [name, [left, right]] of Object.entries(shapes)) {
      writeFileSync(join(dir, 'images', `${name}.jpg`), readFileSync(join(data, 'train', image!)));
      const mask = Uint8Array.from({ length: 96 * 64 }, (_, i) => (i % 96 < 48 ? left! : right!));
      await sharp(mask, { raw: { width: 96, height: 64, channels: 1 } }).png().toFile(join(dir, 'masks', `${name}.png`));
    }
    const r = await explore({ data: dir, samples: 1, out: join(tempDir(), 'e.png') });
    expect(r).toMatchObject({ samples: 3, emptyMasks: 1, fullMasks: 1 });
    expect(r.meanMaskCoverage).toBeCloseTo(0.5, 5);
  });

  it('writes the explore grid into a folder given as --out, making missing folders', async () => {
    const dir = tempDir();
    expect((await explore({ data, samples: 1, out: dir })).grid).toBe(join(dir, 'explore.png'));
    const nested = join(dir, 'new', 'deeper', 'grid.png');
    await explore({ data, samples: 1, out: nested });
    expect((await sharp(nested).metadata()).format).toBe('png');
  });

  it('lists dataset problems instead of failing', async () => {
    const broken = join(tempDir(), 'broken');
    await mkdir(join(broken, 'train'), { recursive: true });
    await mkdir(join(broken, 'train_masks'), { recursive: true });
    const image = (await readdir(join(data, 'train')))[0]!;
    writeFileSync(join(broken, 'train', image), readFileSync(join(data, 'train', image)));
    writeFileSync(join(broken, 'train', 'extra_01.jpg'), readFileSync(join(data, 'train', image)));
    writeFileSync(join(broken, 'train_masks', image.replace('.jpg', '_mask.gif')), readFileSync(join(data, 'train_masks', image.replace('.jpg', '_mask.gif'))));
    const r = await explore({ data: broken, samples: 1, out: join(tempDir(), 'e.png') });
    expect(r.problems.some((p) => p.includes('extra_01'))).toBe(true);
  });
});
