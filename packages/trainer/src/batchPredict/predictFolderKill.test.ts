import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../__tests__/fixtures.js';
import { tinyImageFolder, tinyModelDir } from '../__tests__/predictFixtures.js';
import { predictFolder } from './predictFolder.js';

const CHILD = new URL('../__tests__/predictFolderChild.ts', import.meta.url).pathname;

/** Complete rows of a csv (lines ended by '\n'), header excluded. */
function completeRows(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').slice(1, -1);
}

/** Run predictFolder in a child and SIGKILL it once the csv holds `atLeast` more complete rows than `before`. */
async function killMidRun(options: object, csv: string, before: number, atLeast: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ ...options, pauseMs: 40 })], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  let rows = 0;
  let running = true;
  void exited.then(() => (running = false));
  while (running && rows < before + atLeast) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    rows = completeRows(csv).length;
  }
  child.kill('SIGKILL');
  const how = await exited;
  expect(how, `the child ended before the kill: ${stderr}`).toBe('SIGKILL');
  return completeRows(csv).length;
}

describe('predictFolder after kill -9', () => {
  let images: string;
  let model: string;

  beforeAll(async () => {
    [images, model] = await Promise.all([tinyImageFolder(6), tinyModelDir()]);
  });

  it('resumes twice-killed runs to the csv of an uninterrupted run, no row cut or doubled', async () => {
    const dir = tempDir();
    const whole = join(dir, 'whole.csv');
    await predictFolder({ model, inputs: [images], csv: whole, batchSize: 2, threads: 1, sort: true, env: {} });
    const csv = join(dir, 'killed.csv');
    const options = { model, inputs: [images], csv, batchSize: 2, threads: 1, env: {} };
    const first = await killMidRun(options, csv, 0, 3);
    expect(first).toBeGreaterThanOrEqual(3);
    expect(first).toBeLessThan(24);
    const second = await killMidRun(options, csv, first, 5);
    expect(second).toBeLessThan(24);
    // Every complete row so far is one of the uninterrupted run's, once.
    const rows = completeRows(csv);
    expect(new Set(rows).size).toBe(rows.length);
    const reference = readFileSync(whole, 'utf8');
    for (const row of rows) expect(reference).toContain(`\n${row}\n`);
    const summary = await predictFolder({ ...options, sort: true });
    expect(summary.resumed).toBe(second);
    expect(readFileSync(csv, 'utf8')).toBe(reference);
  });
});
