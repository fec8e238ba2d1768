import { execFile } from 'node:child_process';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateSyntheticCarvana, loadDataset } from '@maskflow/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, main, parseCheckArgs } from './dataCheck.js';
import { capture } from './__tests__/capture.js';

const dirs: string[] = [];
let dataDir = '';
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'maskflow-check-'));
  dirs.push(dataDir);
  await generateSyntheticCarvana({ outDir: dataDir, cars: 1, views: 3, width: 40, height: 32, seed: 3 });
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('data:check', () => {
  it('requires --data and rejects unknown flags, naming them', () => {
    expect(() => parseCheckArgs([])).toThrow(/data/);
    expect(() => parseCheckArgs(['--data', 'x', '--strictness', '2'])).toThrow(/strictness/);
    expect(() => parseCheckArgs(['--dat', 'x'])).toThrow('Missing required argument: data\nUnknown option --dat: did you mean --data?');
    expect(parseCheckArgs(['--data', '/d'])).toEqual({ dataDir: '/d' });
  });

  it('prints layout and counts and exits 0 on a clean set, 1 with every problem listed', async () => {
    const clean = capture();
    expect(await main(['--data', dataDir], clean.io)).toBe(0);
    expect(clean.out[0]).toBe(`${dataDir}: layout carvana, 3 samples, 0 problems`);

    const broken = await mkdtemp(join(tmpdir(), 'maskflow-check-'));
    dirs.push(broken);
    await generateSyntheticCarvana({ outDir: broken, cars: 1, views: 2, width: 40, height: 32, seed: 3 });
    const [first] = (await loadDataset(broken)).samples;
    await unlink(first!.maskPath!);
    await unlink(join(broken, 'train_masks.csv'));
    const run = capture();
    expect(await main(['--data', broken], run.io)).toBe(1);
    expect(run.out).toContain('  image-without-mask: 1');
    expect(run.out.join('\n')).toContain(first!.imagePath);
  });

  it('prints notes after the problems; a set with only notes is OK', () => {
    const note = 'one image carries an EXIF orientation';
    expect(formatReport({ layout: 'folders', root: '/d', samples: 2, problems: [], notes: [note] })).toEqual(['/d: layout folders, 2 samples, 0 problems', `note: ${note}`, 'OK']);
  });

  it('exits 1 from the command line when there are problems', async () => {
    const script = join(import.meta.dirname, 'dataCheck.ts');
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', script, '--data', join(dataDir, 'missing')], { cwd: import.meta.dirname });
    await expect(run).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('unreadable-dir') });
    const ok = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, '--data', dataDir], { cwd: import.meta.dirname });
    expect(ok.stdout).toContain('OK');
  });
});
