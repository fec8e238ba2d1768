/** Tiny data sets and training options shared by the trainer's tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticCarvana } from '@maskflow/datasets';
import type { TrainOptions } from '../config/trainConfig.js';

/** A fresh temporary directory. */
export function tempDir(prefix = 'maskflow-trainer-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A synthetic Carvana-format set of `cars` x `views` images at 96x64; returns its directory. */
export async function tinyCarvana(cars = 6, views = 4): Promise<string> {
  const dir = join(tempDir('maskflow-data-'), 'carvana');
  await generateSyntheticCarvana({ outDir: dir, cars, views, width: 96, height: 64, seed: 7 });
  return dir;
}

/** A U-Net and run small enough for a test: 32x32, base 4, depth 2, batch 4, one pipeline thread. */
export function tinyTrainOptions(data: string, out: string, extra: TrainOptions = {}): TrainOptions {
  return { data, out, size: 32, baseFilters: 4, depth: 2, batchSize: 4, epochs: 2, threads: 1, prefetch: 2, preset: 'tutorial', ...extra };
}

/** The same options as CLI flags. */
export function tinyTrainFlags(data: string, out: string, epochs: number): string[] {
  return ['--data', data, '--out', out, '--size', '32', '--base-filters', '4', '--depth', '2', '--batch-size', '4', '--epochs', String(epochs), '--threads', '1', '--prefetch', '2', '--preset', 'tutorial'];
}
