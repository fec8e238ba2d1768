import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '@maskflow/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { main, parseSynthArgs } from './dataSynth.js';
import { capture } from './__tests__/capture.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('data:synth', () => {
  it('parses flags into generator options with Carvana defaults', () => {
    expect(parseSynthArgs(['--out', 'd', '--cars', '3'])).toMatchObject({ cars: 3, views: 16, width: 1918, height: 1280, seed: 42, scenes: 'studio' });
    expect(parseSynthArgs(['--out', '/x', '--cars', '2', '--seed', '-7', '--width', '64', '--height', '48', '--views', '4', '--scenes', 'randomized'])).toEqual({
      outDir: '/x', cars: 2, seed: -7, width: 64, height: 48, views: 4, scenes: 'randomized',
    });
  });

  it('names the flag in every usage error', () => {
    expect(() => parseSynthArgs(['--cars', '2'])).toThrow(/out/);
    expect(() => parseSynthArgs(['--out', 'd'])).toThrow(/cars/);
    expect(() => parseSynthArgs(['--out', 'd', '--cars', 'abc'])).toThrow(/--cars .*"abc"/);
    expect(() => parseSynthArgs(['--out', 'd', '--cars', '0'])).toThrow(/--cars/);
    expect(() => parseSynthArgs(['--out', 'd', '--cars', '1', '--seed', '1.5'])).toThrow(/--seed/);
    expect(() => parseSynthArgs(['--out', 'd', '--cars', '1', '--width', '8'])).toThrow(/--width/);
    expect(() => parseSynthArgs(['--out', 'd', '--cars', '1', '--colour', 'red'])).toThrow(/colour/);
    expect(() => parseSynthArgs(['--out', 'd', '--cars', '1', '--scenes', 'jungle'])).toThrow(/scenes.*jungle/);
  });

  it('writes a data set and reports images/s; exits 2 on a usage error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'maskflow-synth-'));
    dirs.push(dir);
    const run = capture();
    expect(await main(['--out', dir, '--cars', '2', '--views', '2', '--width', '48', '--height', '32'], run.io)).toBe(0);
    expect(run.out.join('\n')).toMatch(/Wrote 4 images .* images\/s/);
    expect((await loadDataset(dir)).samples).toHaveLength(4);
    const bad = capture();
    expect(await main(['--out', dir, '--cars', 'x'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/--cars/);
  });
});
