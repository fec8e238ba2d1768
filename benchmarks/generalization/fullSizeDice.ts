/**
 * The Kaggle Carvana score at each image's own size: `maskflow predict` writes the run's best/
 * masks for its val images as run-length rows at 1918x1280 (upsampled probabilities, then the
 * threshold), and each row is scored against the image's own RLE. Unlike Dice at the training
 * size, this compares runs trained at different sizes on one scale. It is also reported per val
 * car: with two held-out cars, one hard car moves the mean by several points, and the table
 * should say which.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadDataset, rleDecode, splitDataset } from '@maskflow/datasets';
import { splitOptionsOf, type SplitConfig } from '@maskflow/trainer';
import sharp from 'sharp';

/** Dice of two run-length masks of a width x height image (1 when both are empty). */
export function rleDice(trueRle: string, predRle: string, width: number, height: number): number {
  const t = rleDecode(trueRle, width, height), p = rleDecode(predRle, width, height);
  let inter = 0, sizes = 0;
  for (let i = 0; i < t.length; i++) {
    inter += t[i]! & p[i]!;
    sizes += t[i]! + p[i]!;
  }
  return sizes === 0 ? 1 : (2 * inter) / sizes;
}

/** One val car's mean full-size Dice over its images. */
export interface CarDice {
  car: string;
  images: number;
  dice: number;
}

/** Mean Dice per car (sample group), in first-seen order. */
export function diceByCar(scores: readonly { car: string; dice: number }[]): CarDice[] {
  const cars = new Map<string, { sum: number; images: number }>();
  for (const { car, dice } of scores) {
    const c = cars.get(car) ?? { sum: 0, images: 0 };
    c.sum += dice;
    c.images++;
    cars.set(car, c);
  }
  return [...cars].map(([car, c]) => ({ car, images: c.images, dice: c.sum / c.images }));
}

/** The full-size score of a run: the mean over val images, and the mean per val car. */
export interface FullSizeDice {
  mean: number;
  byCar: CarDice[];
}

/** Full-size Dice of `run`/best/ over the run's val split of `dataDir` (Carvana layout with train_masks.csv). */
export async function fullSizeDiceOf(cli: string, run: string, dataDir: string): Promise<FullSizeDice> {
  const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as SplitConfig;
  const { samples } = await loadDataset(dataDir);
  const val = splitDataset(samples, splitOptionsOf(config)).val;
  const dir = mkdtempSync(join(tmpdir(), 'maskflow-full-size-'));
  try {
    for (const s of val) symlinkSync(s.imagePath, join(dir, basename(s.imagePath)));
    const csv = join(dir, 'submission.csv');
    const child = spawnSync(process.execPath, [cli, 'predict', '--model', run, '--input', dir, '--rle-csv', csv], { encoding: 'utf8', env: { ...process.env, MALLOC_ARENA_MAX: '2' } });
    if (child.status !== 0) throw new Error(`maskflow predict on ${run} failed: ${child.stderr.slice(-500)}`);
    const rows = new Map(readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((line) => {
      const [img = '', rle = ''] = line.split(',');
      return [img, rle] as const;
    }));
    const scores: { car: string; dice: number }[] = [];
    for (const s of val) {
      const { width, height } = await sharp(s.imagePath).metadata();
      const pred = rows.get(basename(s.imagePath));
      if (s.rle === undefined || pred === undefined || width === undefined || height === undefined) throw new Error(`no mask row for ${s.imagePath}`);
      scores.push({ car: s.group, dice: rleDice(s.rle, pred, width, height) });
    }
    return { mean: scores.reduce((a, c) => a + c.dice, 0) / Math.max(1, scores.length), byCar: diceByCar(scores) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
