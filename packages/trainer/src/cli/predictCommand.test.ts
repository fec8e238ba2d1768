import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../__tests__/fixtures.js';
import { tinyImageFolder, tinyModelDir } from '../__tests__/predictFixtures.js';
import { runCliCaptured } from '../__tests__/runCliCaptured.js';

const run = runCliCaptured;

afterEach(() => vi.restoreAllMocks());

describe('maskflow predict and merge-csv', () => {
  let images: string;
  let model: string;
  beforeAll(async () => {
    [images, model] = await Promise.all([tinyImageFolder(2), tinyModelDir()]);
    writeFileSync(join(images, 'zz_broken.jpg'), 'not a jpeg');
  });

  it('predicts shards with --json summaries and merges them', async () => {
    const dir = tempDir();
    const common = ['--model', model, '--input', images, '--threads', '1', '--batch-size', '3', '--on-bad-sample', 'skip', '--json'];
    const a = await run(['predict', ...common, '--rle-csv', join(dir, 'a.csv'), '--shard', '0/2']);
    expect(a.code).toBe(0);
    const summary = JSON.parse(a.out) as { shard: unknown; images: number; written: number; skipped: { img: string }[]; imagesPerSecond: number };
    // 9 name-sorted images: shard 0 takes the 1st, 3rd, ... 9th (zz_broken.jpg).
    expect(summary).toMatchObject({ shard: { index: 0, count: 2 }, images: 5, written: 5 });
    expect(summary.skipped.map((s) => s.img)).toEqual(['zz_broken.jpg']);
    expect(summary.imagesPerSecond).toBeGreaterThan(0);
    const b = await run(['predict', ...common, '--rle-csv', join(dir, 'b.csv'), '--shard', '1/2']);
    expect(JSON.parse(b.out)).toMatchObject({ shard: { index: 1, count: 2 }, images: 4, written: 4, skipped: [] });
    const merged = await run(['merge-csv', join(dir, 'a.csv'), join(dir, 'b.csv'), '-o', join(dir, 'submission.csv'), '--input', images]);
    expect(merged).toMatchObject({ code: 0, err: '' });
    expect(merged.out).toMatch(/submission\.csv: 9 rows from 2 csv\(s\), one per input image/);
    expect(readFileSync(join(dir, 'submission.csv'), 'utf8').trim().split('\n')).toHaveLength(10);
  });

  it('prints user mistakes as one message without a stack trace', async () => {
    const dir = tempDir();
    const bad = await run(['predict', '--model', model, '--input', images, '--threads', '1', '--rle-csv', join(dir, 'x.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/zz_broken\.jpg: cannot be decoded .*--on-bad-sample skip/);
    expect(bad.err).not.toMatch(/\n\s+at /);
    const shard = await run(['predict', '--model', model, '--input', images, '--rle-csv', join(dir, 'y.csv'), '--shard', '2/2']);
    expect(shard).toMatchObject({ code: 1 });
    expect(shard.err).toMatch(/shard/);
    const missing = await run(['merge-csv', join(dir, 'x.csv'), '-o', join(dir, 'm.csv'), '--input', images]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/image\(s\) without a row/);
  });
});
