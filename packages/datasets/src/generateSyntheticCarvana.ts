import { checkInteger, OptionTypeError } from '@maskflow/errors';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodeMaskGif } from './encodeMaskGif.js';
import { compareNames } from './listFiles.js';
import { randomizeScene } from './randomizeScene.js';
import { renderCarView } from './renderCarView.js';
import { assertSeed, createRng, hashSeed } from './rng.js';
import { rleEncode } from './rle.js';
import { createCarModel, layoutCarView } from './syntheticCar.js';

/** Options of `generateSyntheticCarvana`. */
export interface SyntheticCarvanaOptions {
  /** Directory to write `train/`, `train_masks/` and `train_masks.csv` into (created if missing; same-named files are overwritten). */
  outDir: string;
  /** Number of cars (>= 1). */
  cars: number;
  /** Views per car, 1..99 (Carvana: 16). */
  views?: number;
  /** Image size; Carvana's is 1918 x 1280. */
  width?: number;
  height?: number;
  /** Seed: the same seed writes the same images, masks and csv. Default 42. */
  seed?: number;
  /**
   * `studio` (default): each car on a studio floor. `randomized`: domain randomization (random
   * textured backdrops and clutter, random paint, bars in front), for pretraining.
   */
  scenes?: 'studio' | 'randomized';
}

/** What a generation run wrote and how fast. */
export interface SyntheticCarvanaResult {
  images: number;
  /** Wall-clock seconds, and the rate it gives. */
  seconds: number;
  imagesPerSecond: number;
  /** CPU seconds of the whole process (JS and libvips threads): the rate a busy machine cannot hide. */
  cpuSeconds: number;
}

// JPEG encoding dominates and runs on libvips' threads (Huffman table optimisation is off: it
// more than doubles the encode time for ~5% smaller files); rendering runs here. Keeping a few encodes
// in flight overlaps the two, one RGB buffer per in-flight encode (sharp reads it until it resolves).
const IN_FLIGHT = 3;

/** Car ids like Carvana's (12 hex digits), unique and drawn from the seed. */
function carIds(seed: number, cars: number): string[] {
  const rng = createRng(hashSeed(seed, 0x1d5));
  const ids = new Set<string>();
  while (ids.size < cars) {
    const hex = (): string => Math.floor(rng() * 2 ** 24).toString(16).padStart(6, '0');
    ids.add(hex() + hex());
  }
  return [...ids];
}

/**
 * Write a synthetic data set in the exact Carvana layout: `train/<car>_<NN>.jpg`,
 * `train_masks/<car>_<NN>_mask.gif` (single-frame palette GIF, black background, white car) and
 * `train_masks.csv` (`img,rle_mask`, the same masks). Car-like silhouettes (body, cabin, wheels)
 * on a studio floor with a shadow, varied per car and view; deterministic per seed.
 */
export async function generateSyntheticCarvana(opts: SyntheticCarvanaOptions): Promise<SyntheticCarvanaResult> {
  if (typeof opts !== 'object' || opts === null) throw new OptionTypeError('options', 'an object with outDir and cars', opts);
  const { outDir, cars, views = 16, width = 1918, height = 1280, seed = 42, scenes = 'studio' } = opts;
  if (typeof outDir !== 'string' || outDir === '') throw new OptionTypeError('outDir', 'a non-empty directory path string', outDir);
  checkInteger('cars', cars, 1);
  checkInteger('views', views, 1, 99);
  checkInteger('width', width, 16, 0xffff);
  checkInteger('height', height, 16, 0xffff);
  assertSeed(seed, 'seed');
  if (scenes !== 'studio' && scenes !== 'randomized') throw new OptionTypeError('scenes', "'studio' or 'randomized'", scenes);

  const started = performance.now();
  const cpuStart = process.cpuUsage();
  await mkdir(join(outDir, 'train'), { recursive: true });
  await mkdir(join(outDir, 'train_masks'), { recursive: true });
  const rows: string[] = [];
  const mask = new Uint8Array(width * height);
  const free = Array.from({ length: IN_FLIGHT }, () => Buffer.alloc(width * height * 3));
  const pending = new Set<Promise<void>>();
  const ids = carIds(seed, cars);
  for (let car = 0; car < cars; car++) {
    const model = createCarModel(seed, car);
    for (let view = 1; view <= views; view++) {
      while (free.length === 0) await Promise.race(pending);
      const rgb = free.pop() as (typeof free)[number];
      const name = `${ids[car]}_${String(view).padStart(2, '0')}`;
      renderCarView(layoutCarView(model, seed, car, view - 1, views, width, height), width, height, rgb, mask);
      if (scenes === 'randomized') randomizeScene(rgb, mask, width, height, createRng(hashSeed(seed, car, view, 0x5ce)));
      rows.push(`${name}.jpg,${rleEncode(mask, width, height)}`);
      const gif = encodeMaskGif(mask, width, height);
      const job: Promise<void> = Promise.all([
        sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90, optimiseCoding: false }).toFile(join(outDir, 'train', `${name}.jpg`)),
        writeFile(join(outDir, 'train_masks', `${name}_mask.gif`), gif),
      ]).then(() => {
        pending.delete(job);
        free.push(rgb);
      });
      pending.add(job);
    }
  }
  await Promise.all(pending);
  rows.sort(compareNames);
  await writeFile(join(outDir, 'train_masks.csv'), `img,rle_mask\n${rows.join('\n')}\n`);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const images = cars * views;
  return { images, seconds, imagesPerSecond: images / seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
