/**
 * Writes one view of a Carvana-format set (train/<name>.jpg, train_masks/<name>_mask.gif) and its
 * train_masks.csv row; shared by the benchmark's own generators (SVG cars, raster shapes, mesh cars), which
 * share no code with @maskflow/datasets: its RLE and mask writing included.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { type Rng, createRng } from './rng.js';

/** What every generator here takes (SVG, raster, mesh): where, how many cars and views, image size, seed. */
export interface CarvanaSetOptions {
  outDir: string;
  cars: number;
  views?: number;
  width?: number;
  height?: number;
  seed?: number;
}

/** Checks `cars`, makes train/ and train_masks/ under outDir, and returns the options with their defaults (16 views, 1918x1280, seed 1). */
export async function startCarvanaSet(opts: CarvanaSetOptions): Promise<Required<CarvanaSetOptions>> {
  const { outDir, cars, views = 16, width = 1918, height = 1280, seed = 1 } = opts;
  if (!Number.isInteger(cars) || cars < 1) throw new RangeError(`cars: expected an integer >= 1 but received ${String(cars)}; pass how many cars to draw.`);
  await mkdir(join(outDir, 'train'), { recursive: true });
  await mkdir(join(outDir, 'train_masks'), { recursive: true });
  return { outDir, cars, views, width, height, seed };
}

/** A car's id as Kaggle's (12 hex digits), drawn from `rng`. */
export function carId(rng: Rng): string {
  return Array.from({ length: 12 }, () => rng.int(16).toString(16)).join('');
}

/** The file stem of view `view` (from 0) of car `id`: `<id>_<NN>`, NN from 01. */
export function viewName(id: string, view: number): string {
  return `${id}_${String(view + 1).padStart(2, '0')}`;
}

/** Kaggle's run-length encoding of a row-major 0/1 mask: 1-indexed "start length" pairs. */
export function rleEncode(mask: Uint8Array): string {
  const out: number[] = [];
  let i = 0;
  while (i < mask.length) {
    if (mask[i] === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < mask.length && mask[i] !== 0) i++;
    out.push(start + 1, i - start);
  }
  return out.join(' ');
}

/**
 * Writes `image` as train/<name>.jpg and the 0/1 `mask` (row-major, width x height) as a
 * two-colour GIF; returns the csv row `<name>.jpg,<rle>`.
 */
export async function writeCarvanaView(outDir: string, name: string, image: Sharp, mask: Uint8Array, width: number, height: number, quality = 90): Promise<string> {
  const jpeg = image.flatten().jpeg({ quality }).toFile(join(outDir, 'train', `${name}.jpg`));
  const grey = Buffer.from(mask.map((b) => b * 255));
  await sharp(grey, { raw: { width, height, channels: 1 } }).gif({ colours: 2 }).toFile(join(outDir, 'train_masks', `${name}_mask.gif`));
  await jpeg;
  return `${name}.jpg,${rleEncode(mask)}`;
}

/** One view drawn as raw pixels: 8-bit RGB and its 0/1 mask, row-major, the JPEG quality to save it at and an optional lens blur (Gaussian sigma, pixels). */
export interface RgbView {
  rgb: Uint8Array;
  mask: Uint8Array;
  quality: number;
  blur?: number;
}

/** Draws view `view` of `views` of car `car` at width x height for a set drawn with `seed`. */
export type RenderRgbView = (seed: number, car: number, view: number, views: number, width: number, height: number) => RgbView;

/**
 * Writes a whole set from a generator that draws raw pixels (raster shapes, mesh cars): every view
 * of every car through `render`, car ids drawn from `seed ^ idSalt`; returns the image count and seconds taken.
 */
export async function writeRgbCarvanaSet(opts: CarvanaSetOptions, idSalt: number, render: RenderRgbView): Promise<{ images: number; seconds: number }> {
  const started = performance.now();
  const { outDir, cars, views, width, height, seed } = await startCarvanaSet(opts);
  const rows: string[] = [];
  const ids = createRng(seed ^ idSalt);
  for (let car = 0; car < cars; car++) {
    const id = carId(ids);
    for (let v = 0; v < views; v++) {
      const { rgb, mask, quality, blur } = render(seed, car, v, views, width, height);
      const image = sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.length), { raw: { width, height, channels: 3 } });
      rows.push(await writeCarvanaView(outDir, viewName(id, v), blur === undefined ? image : image.blur(blur), mask, width, height, quality));
    }
  }
  await writeMasksCsv(outDir, rows);
  return { images: rows.length, seconds: (performance.now() - started) / 1000 };
}

/** Writes train_masks.csv from the rows of writeCarvanaView. */
export async function writeMasksCsv(outDir: string, rows: readonly string[]): Promise<void> {
  await writeFile(join(outDir, 'train_masks.csv'), `img,rle_mask\n${rows.join('\n')}\n`);
}
