import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rleDecode } from '@maskflow/datasets';
import { tf } from '@maskflow/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../__tests__/fixtures.js';
import { tinyImageFolder, tinyModelDir } from '../__tests__/predictFixtures.js';
import { predict } from '../inference/predict.js';
import { mergeCsv } from './mergeCsv.js';
import { BadImageError } from './predictErrors.js';
import { predictFolder } from './predictFolder.js';

const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n');

describe('predictFolder', () => {
  let images: string;
  let model: string;
  let reference: string[];

  beforeAll(async () => {
    [images, model] = await Promise.all([tinyImageFolder(3), tinyModelDir()]);
    const csv = join(tempDir(), 'one.csv');
    const summary = await predictFolder({ model, inputs: [images], csv, batchSize: 5, threads: 2, sort: true, env: {} });
    expect(summary).toMatchObject({ images: 12, written: 12, resumed: 0, interrupted: false, sorted: true, skipped: [] });
    reference = lines(csv);
  });

  it('writes the header once and one sorted row per image that decodes to a mask at the image size', () => {
    expect(reference[0]).toBe('img,rle_mask');
    expect(reference.at(-1)).toBe('');
    const rows = reference.slice(1, -1);
    expect(rows.map((r) => r.split(',')[0])).toEqual(readdirSync(images).sort());
    for (const row of rows) expect(rleDecode(row.split(',')[1] ?? '', 48, 32)).toHaveLength(48 * 32);
    // An untrained model still marks some pixels: the rows are not all empty.
    expect(rows.some((r) => r.split(',')[1] !== '')).toBe(true);
  });

  it('gives the per-image predict rows with the exact resize, whatever the batch size, guided or bilinear', async () => {
    const dir = tempDir();
    const files = readdirSync(images).sort().map((f) => join(images, f));
    await predict({ model, inputs: files, output: join(dir, 'png'), rleCsv: join(dir, 'old.csv') });
    await predictFolder({ model, inputs: [images], csv: join(dir, 'new.csv'), batchSize: 3, threads: 1, resize: 'exact', sort: true, env: {} });
    expect(lines(join(dir, 'new.csv'))).toEqual(lines(join(dir, 'old.csv')));
    await predict({ model, inputs: files, output: join(dir, 'png'), rleCsv: join(dir, 'old-bilinear.csv'), upsample: 'bilinear' });
    await predictFolder({ model, inputs: [images], csv: join(dir, 'new-bilinear.csv'), batchSize: 3, threads: 1, resize: 'exact', upsample: 'bilinear', sort: true, env: {} });
    expect(lines(join(dir, 'new-bilinear.csv'))).toEqual(lines(join(dir, 'old-bilinear.csv')));
    // Guided upsampling moved some outline: the two methods' rows differ.
    expect(lines(join(dir, 'new-bilinear.csv'))).not.toEqual(lines(join(dir, 'new.csv')));
  });

  it('resumes: a second run writes nothing, and a csv cut mid-row is completed to the same rows', async () => {
    const csv = join(tempDir(), 'cut.csv');
    // The first five rows, then half of the sixth, as a kill during its write leaves it.
    writeFileSync(csv, `${reference.slice(0, 6).join('\n')}\n${(reference[6] ?? '').slice(0, 9)}`);
    const summary = await predictFolder({ model, inputs: [images], csv, batchSize: 4, threads: 1, sort: true, env: {} });
    expect(summary).toMatchObject({ resumed: 5, written: 7 });
    expect(lines(csv)).toEqual(reference);
    const again = await predictFolder({ model, inputs: [images], csv, batchSize: 4, threads: 1, env: {} });
    expect(again).toMatchObject({ resumed: 12, written: 0 });
    expect(lines(csv)).toEqual(reference);
  });

  it('stops at an abort with whole rows only, resumes from there, and leaves no tensor behind', async () => {
    const csv = join(tempDir(), 'aborted.csv');
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const stopped = await predictFolder({
      model, inputs: [images], csv, batchSize: 2, threads: 1, env: {}, signal: controller.signal,
      onProgress: (p) => p.done === 3 && controller.abort(),
    });
    expect(stopped.interrupted).toBe(true);
    expect(stopped.written).toBeGreaterThanOrEqual(3);
    expect(stopped.written).toBeLessThan(12);
    const rest = await predictFolder({ model, inputs: [images], csv, batchSize: 2, threads: 1, sort: true, env: {} });
    expect(rest).toMatchObject({ resumed: stopped.written, written: 12 - stopped.written, interrupted: false });
    expect(lines(csv)).toEqual(reference);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('shards by K/N or the Indexed Job variables, and merge-csv gives the single run', async () => {
    const dir = tempDir();
    const parts = [join(dir, 'a.csv'), join(dir, 'b.csv'), join(dir, 'c.csv')];
    await predictFolder({ model, inputs: [images], csv: parts[0]!, shard: '0/3', threads: 1, env: {} });
    await predictFolder({ model, inputs: [images], csv: parts[1]!, threads: 1, env: { JOB_COMPLETION_INDEX: '1', JOB_COMPLETIONS: '3' } });
    await predictFolder({ model, inputs: [images], csv: parts[2]!, shard: { index: 2, count: 3 }, threads: 1, env: {} });
    const merged = await mergeCsv({ inputs: parts, output: join(dir, 'submission.csv'), expect: [images] });
    expect(merged).toMatchObject({ rows: 12, checkedAgainstInputs: true });
    expect(lines(join(dir, 'submission.csv'))).toEqual(reference);
    await expect(mergeCsv({ inputs: parts.slice(0, 2), output: join(dir, 'x.csv'), expect: [images] })).rejects.toThrow(/4 image\(s\) without a row/);
    await expect(mergeCsv({ inputs: [parts[0]!, parts[0]!.replace('a.csv', 'b.csv'), parts[0]!], output: join(dir, 'x.csv') })).rejects.toThrow(/4 image\(s\) with more than one row/);
  });

  it('skips a corrupt image with an empty-mask row and a sidecar entry, or stops naming it', async () => {
    const folder = tempDir();
    for (const name of readdirSync(images).slice(0, 3)) copyFileSync(join(images, name), join(folder, name));
    writeFileSync(join(folder, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await expect(predictFolder({ model, inputs: [folder], csv: join(tempDir(), 'e.csv'), threads: 1, env: {} })).rejects.toThrow(BadImageError);
    await expect(predictFolder({ model, inputs: [folder], csv: join(tempDir(), 'e.csv'), threads: 1, env: {} })).rejects.toThrow(/broken\.jpg: cannot be decoded .*--on-bad-sample skip/);
    const csv = join(tempDir(), 's.csv');
    const summary = await predictFolder({ model, inputs: [folder], csv, threads: 1, onBadSample: 'skip', sort: true, env: {} });
    expect(summary.skipped).toMatchObject([{ img: 'broken.jpg', file: join(folder, 'broken.jpg') }]);
    expect(summary.skippedFile).toBe(`${csv}.skipped.tsv`);
    expect(lines(csv)).toContain('broken.jpg,');
    expect(lines(csv)).toHaveLength(1 + 4 + 1);
    expect(readFileSync(`${csv}.skipped.tsv`, 'utf8')).toMatch(/^broken\.jpg\t.*broken\.jpg\t.+\n$/);
    // A resumed run keeps the entry once.
    const again = await predictFolder({ model, inputs: [folder], csv, threads: 1, onBadSample: 'skip', env: {} });
    expect(again.skipped).toHaveLength(1);
    expect(readFileSync(`${csv}.skipped.tsv`, 'utf8').split('\n')).toHaveLength(2);
  });

  it('refuses a csv of other inputs, and names a bad option', async () => {
    const csv = join(tempDir(), 'other.csv');
    writeFileSync(csv, 'img,rle_mask\nnot_here.jpg,1 2\n');
    await expect(predictFolder({ model, inputs: [images], csv, threads: 1, env: {} })).rejects.toThrow(/not_here\.jpg.*same --input and --shard/);
    await expect(predictFolder({ model, inputs: [images], csv: join(tempDir(), 'x.csv'), batchSize: 0, env: {} })).rejects.toThrow(/batchSize/);
    await expect(predictFolder({ model, inputs: [images], env: {} })).rejects.toThrow(/rleCsv/);
  });

  it('refuses same-named images: one csv row between folders, one mask file between a.jpg and a.png', async () => {
    const [first] = readdirSync(images).sort() as [string];
    const other = tempDir();
    copyFileSync(join(images, first), join(other, first));
    const csv = join(tempDir(), 'x.csv');
    await expect(predictFolder({ model, inputs: [images, other], csv, env: {} })).rejects.toThrow(`Inputs ${join(images, first)} and ${join(other, first)} would both be row "${first}"`);
    const png = join(other, first.replace(/\.jpg$/, '.png'));
    renameSync(join(other, first), png);
    const alone = join(tempDir(), 'y.csv');
    const pair = [join(images, first), png];
    await expect(predictFolder({ model, inputs: pair, csv: alone, masks: tempDir(), env: {} })).rejects.toThrow(/would both write .*_mask\.png/);
    // Without mask files the two are two rows.
    expect((await predictFolder({ model, inputs: pair, csv: alone, threads: 1, env: {} })).written).toBe(2);
  });

  it('keys the rows of a folder with subfolders by their path in it, and writes --masks into the same subfolders', async () => {
    const folder = tempDir();
    const names = readdirSync(images).sort().slice(0, 3);
    mkdirSync(join(folder, 'clip1'));
    mkdirSync(join(folder, 'clip2'));
    copyFileSync(join(images, names[0]!), join(folder, 'clip1', '0001.jpg'));
    copyFileSync(join(images, names[1]!), join(folder, 'clip2', '0001.jpg'));
    copyFileSync(join(images, names[2]!), join(folder, 'top.jpg'));
    const csv = join(tempDir(), 'nested.csv');
    const masks = join(folder, 'out'); // inside the input: never listed as an input
    await predictFolder({ model, inputs: [folder], csv, masks, threads: 1, sort: true, env: {} });
    const rows = lines(csv).slice(1, -1);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['clip1/0001.jpg', 'clip2/0001.jpg', 'top.jpg']);
    // Each row is the one its image gets alone.
    const alone = new Map(reference.slice(1, -1).map((r) => [r.split(',')[0], r.split(',')[1]] as const));
    expect(rows.map((r) => r.split(',')[1])).toEqual(names.map((n) => alone.get(n)));
    expect(['clip1/0001_mask.png', 'clip2/0001_mask.png', 'top_mask.png'].map((m) => existsSync(join(masks, m)))).toEqual([true, true, true]);
    expect(await predictFolder({ model, inputs: [folder], csv, masks, threads: 1, env: {} })).toMatchObject({ images: 3, written: 0 });
    // merge-csv checks the rows against the same names.
    rmSync(masks, { recursive: true });
    expect(await mergeCsv({ inputs: [csv], output: join(tempDir(), 'm.csv'), expect: [folder] })).toMatchObject({ rows: 3 });
  });
});
