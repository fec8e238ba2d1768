/** `explore(options)`: the tutorial's look at the data — a grid of images beside their masks — and statistics. */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createRng, loadDataset, shuffleInPlace, validateDataset, type Sample } from '@maskflow/datasets';
import { checkInteger, checkNonEmptyString } from '@maskflow/errors';
import { checkForeground, decodeImage, decodeMask, maskValueCounts, type Foreground } from '@maskflow/pipeline';
import sharp from 'sharp';
import { renderImageGrid, type RawTile } from '../plots/imageGrid.js';

/** Options of {@link explore}. */
export interface ExploreOptions {
  data: string;
  /** Images in the grid. */
  samples?: number;
  /** PNG path of the grid (default explore.png); a folder gets explore.png inside, and missing folders are made. */
  out?: string;
  seed?: number;
  /** The mask values that are the object, for a label map (as train's `foreground`); default: any non-zero value. */
  foreground?: Foreground;
  cwd?: string;
}

/** What {@link explore} found. */
export interface ExploreResult {
  layout: string;
  root: string;
  samples: number;
  /** Distinct groups (cars in Carvana). */
  groups: number;
  /** Samples per group: min, mean, max (views per car in Carvana). */
  viewsPerGroup: { min: number; mean: number; max: number };
  /** "WIDTHxHEIGHT" → number of images. */
  imageSizes: Record<string, number>;
  /** Mean share of mask pixels over every sample whose mask could be read. */
  meanMaskCoverage: number;
  /** Masks with no foreground pixel, and masks all foreground, at 128x128 (a set of either only trains a one-class model). */
  emptyMasks: number;
  fullMasks: number;
  /** Samples with a csv RLE mask, with a mask file. */
  masksFromCsv: number;
  maskFiles: number;
  /**
   * The values of up to VALUE_FILES mask files, spread over the set (the values `foreground`
   * compares): each value's share of their pixels, largest first. 0/255 or 0/1 is a binary mask;
   * 1, 2, 3 a label map whose object values `foreground` must name; `#rrggbb` colours a
   * colour-coded label map.
   */
  maskValues: { files: number; shares: { value: number | string; share: number }[] };
  problems: string[];
  /** validateDataset's notes: what may be wrong but cannot be told from the files. */
  notes: string[];
  grid: string;
}

// Mask coverage is estimated at this size: the RLE path resizes runs directly, so it is cheap.
const COVERAGE_SIZE: [number, number] = [128, 128];
const CONCURRENCY = 8;
/** Mask files whose values explore counts: enough to see a set's encoding, few enough for Kaggle's 5088. */
const VALUE_FILES = 64;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

async function maskOf(sample: Sample, size: { width: number; height: number } | undefined, at: [number, number] | undefined, foreground: Foreground | undefined): Promise<Uint8Array | undefined> {
  const opts = { ...(at ? { size: at } : {}), ...(foreground === undefined ? {} : { foreground }) };
  if (sample.rle !== undefined && size) return (await decodeMask({ rle: sample.rle, width: size.width, height: size.height }, opts)).data;
  if (sample.maskPath !== undefined) return (await decodeMask(new Uint8Array(await readFile(sample.maskPath)), opts)).data;
  return undefined;
}

/** The values of up to VALUE_FILES mask files spread evenly over `samples`, and each one's share of their pixels (unreadable files left out: they are listed as problems). */
async function countMaskValues(samples: readonly Sample[]): Promise<ExploreResult['maskValues']> {
  const files = samples.flatMap((s) => (s.maskPath === undefined ? [] : [s.maskPath]));
  const step = Math.max(1, files.length / VALUE_FILES);
  const picked = Array.from({ length: Math.min(files.length, VALUE_FILES) }, (_, i) => files[Math.floor(i * step)] as string);
  const counts = await mapLimit(picked, CONCURRENCY, async (file) => maskValueCounts(new Uint8Array(await readFile(file)), file).catch(() => undefined));
  const total = new Map<number | string, number>();
  let pixels = 0;
  for (const c of counts) {
    for (const [value, n] of c ?? []) {
      total.set(value, (total.get(value) ?? 0) + n);
      pixels += n;
    }
  }
  const shares = [...total].map(([value, n]) => ({ value, share: n / pixels })).sort((a, b) => b.share - a.share || String(a.value).localeCompare(String(b.value), 'en', { numeric: true }));
  return { files: counts.filter((c) => c !== undefined).length, shares };
}

/** Explore a data set: statistics, problems, and a grid of `samples` random images with their masks. */
export async function explore(options: ExploreOptions): Promise<ExploreResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, checkNonEmptyString('data', options.data, 'a path'));
  const count = checkInteger('samples', options.samples ?? 5, 1, 100);
  const seed = checkInteger('seed', options.seed ?? 42, 0, 2 ** 32 - 1);
  const foreground = checkForeground('foreground', options.foreground);
  const out = resolve(cwd, checkNonEmptyString('out', options.out ?? 'explore.png', 'a path'));
  const grid = (await stat(out).catch(() => undefined))?.isDirectory() ? join(out, 'explore.png') : out;
  const report = await validateDataset(root);
  const problems = report.problems.map((p) => p.message);
  const dataset = await loadDataset(root);
  const { samples } = dataset;
  const sizes = await mapLimit(samples, CONCURRENCY, async (s) => {
    const { width, height } = await sharp(s.imagePath).metadata();
    return width && height ? { width, height } : undefined;
  });
  const imageSizes: Record<string, number> = {};
  for (const s of sizes) if (s) imageSizes[`${s.width}x${s.height}`] = (imageSizes[`${s.width}x${s.height}`] ?? 0) + 1;
  const coverages = await mapLimit([...samples.keys()], CONCURRENCY, async (i) => {
    const mask = await maskOf(samples[i] as Sample, sizes[i], COVERAGE_SIZE, foreground);
    return mask ? mask.reduce((a, v) => a + v, 0) / mask.length : undefined;
  });
  const known = coverages.filter((c): c is number => c !== undefined);
  const maskValues = await countMaskValues(samples);
  const perGroup = new Map<string, number>();
  for (const s of samples) perGroup.set(s.group, (perGroup.get(s.group) ?? 0) + 1);
  const views = [...perGroup.values()];

  const picked = shuffleInPlace([...samples.keys()], createRng(seed)).slice(0, count);
  const rows: RawTile[][] = [];
  for (const i of picked) {
    const s = samples[i] as Sample;
    const size = sizes[i];
    if (!size) continue;
    const shown: [number, number] = [Math.round((256 * size.height) / size.width), 256];
    const image = await decodeImage(new Uint8Array(await readFile(s.imagePath)), { size: shown });
    const mask = await maskOf(s, size, shown, foreground);
    rows.push([
      { data: image.data, width: image.width, height: image.height, channels: 3 },
      ...(mask ? [{ data: mask, width: shown[1], height: shown[0], channels: 1 as const, mask: true }] : []),
    ]);
  }
  if (rows.length > 0) {
    await mkdir(dirname(grid), { recursive: true });
    await writeFile(grid, await renderImageGrid(rows, { columnTitles: ['image', 'mask'], cellWidth: 256, rowTitles: picked.map((i) => samples[i]!.id.slice(0, 16)) }));
  }
  return {
    layout: dataset.layout,
    root,
    samples: samples.length,
    groups: perGroup.size,
    viewsPerGroup: { min: Math.min(...views), mean: views.reduce((a, v) => a + v, 0) / Math.max(1, views.length), max: Math.max(...views) },
    imageSizes,
    meanMaskCoverage: known.reduce((a, v) => a + v, 0) / Math.max(1, known.length),
    emptyMasks: known.filter((c) => c === 0).length,
    fullMasks: known.filter((c) => c === 1).length,
    masksFromCsv: samples.filter((s) => s.rle !== undefined).length,
    maskFiles: samples.filter((s) => s.maskPath !== undefined).length,
    maskValues,
    problems,
    notes: report.notes,
    grid,
  };
}
