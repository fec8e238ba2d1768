/**
 * The Kaggle Carvana score at each image's own size: predictFolder writes the model's masks as
 * run-length rows at the image's size (probabilities upsampled bilinearly, then the threshold, as
 * `maskflow predict` submits them), and each row is scored against the true mask at that size.
 * Dice at the training size is kinder: a 96x96 mask cannot be wrong along a 1918-pixel edge.
 * Also reported per group (per car in Carvana): with a few held-out cars, one hard car moves the
 * mean by several points, and the user should see which.
 */
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { rleDecode, type Sample } from '@maskflow/datasets';
import { decodeMask, type Foreground, type PredictUpsample } from '@maskflow/pipeline';
import sharp from 'sharp';
import { BadImageError } from '../batchPredict/predictErrors.js';
import { predictFolder } from '../batchPredict/predictFolder.js';
import type { BackendPreference } from '../config/trainConfig.js';
import { TrainerFileError } from '../errors.js';
import type { Tta } from './predictProbabilities.js';

/** One group's (car's) mean full-size Dice over its images. */
export interface GroupDice {
  group: string;
  images: number;
  dice: number;
}

/** The full-size score: the mean over images, and per group, worst first. */
export interface FullSizeScore {
  imageDice: number;
  byGroup: GroupDice[];
  /** How the masks were brought to the images' sizes. */
  upsample: PredictUpsample;
}

/** How the masks are predicted: as predictFolder does (its threshold, 0.5). */
export interface FullSizeOptions {
  tta: Tta;
  upsample: PredictUpsample;
  backend: BackendPreference;
  batchSize: number;
  threads: number;
  /** The mask values that are the object (train's `foreground`); default: any non-zero value. */
  foreground?: Foreground | undefined;
}

/** Dice of two 0/1 masks of one size; 1 when both are empty (Kaggle's rule). */
export function maskDice(truth: Uint8Array, predicted: Uint8Array): number {
  let inter = 0, sizes = 0;
  for (let i = 0; i < truth.length; i++) {
    inter += truth[i]! & predicted[i]!;
    sizes += truth[i]! + predicted[i]!;
  }
  return sizes === 0 ? 1 : (2 * inter) / sizes;
}

/** Mean Dice per group, worst first (ties by name, so the order is stable). */
export function diceByGroup(scores: readonly { group: string; dice: number }[]): GroupDice[] {
  const groups = new Map<string, { sum: number; images: number }>();
  for (const { group, dice } of scores) {
    const g = groups.get(group) ?? { sum: 0, images: 0 };
    g.sum += dice;
    g.images++;
    groups.set(group, g);
  }
  return [...groups]
    .map(([group, g]) => ({ group, images: g.images, dice: g.sum / g.images }))
    .sort((a, b) => a.dice - b.dice || a.group.localeCompare(b.group));
}

/** The true mask of `sample` at the image's size: its csv RLE, else its mask file (resized by majority vote if it differs). */
async function trueMask(sample: Sample, width: number, height: number, foreground: Foreground | undefined): Promise<Uint8Array> {
  if (sample.rle !== undefined) return (await decodeMask({ rle: sample.rle, width, height })).data;
  if (sample.maskPath === undefined) throw new TrainerFileError(sample.imagePath, 'has no mask (no train_masks.csv row, no mask file)', 'give every image to evaluate a mask');
  try {
    return (await decodeMask(new Uint8Array(await readFile(sample.maskPath)), { size: [height, width], ...(foreground === undefined ? {} : { foreground }) })).data;
  } catch (error) {
    throw new TrainerFileError(sample.maskPath, `cannot be read as a mask (${(error as Error).message})`, 'replace the mask, or leave its image out', { cause: error });
  }
}

/** Predict `samples` with the checkpoint in `modelDir` at their own sizes and score them against their masks. */
export async function fullSizeDice(modelDir: string, samples: readonly Sample[], options: FullSizeOptions): Promise<FullSizeScore> {
  const work = await mkdtemp(join(tmpdir(), 'maskflow-full-size-'));
  try {
    const csv = join(work, 'submission.csv');
    // A submission row is keyed by file name, and a folder layout may hold clip1/0001.jpg and
    // clip2/0001.jpg: predict links named by the sample's index instead.
    const links = join(work, 'images');
    await mkdir(links);
    const names = await Promise.all(
      samples.map(async (s, i) => {
        const name = `${i}${extname(s.imagePath)}`;
        await symlink(resolve(s.imagePath), join(links, name));
        return name;
      }),
    );
    try {
      await predictFolder({
        model: modelDir,
        inputs: names.map((name) => join(links, name)),
        csv,
        tta: options.tta,
        upsample: options.upsample,
        backend: options.backend,
        batchSize: options.batchSize,
        threads: options.threads,
        shard: { index: 0, count: 1 },
      });
    } catch (error) {
      // Name the user's file, not its link.
      if (error instanceof BadImageError) throw new BadImageError((samples[names.indexOf(basename(error.file))] ?? { imagePath: error.file }).imagePath, error.reason);
      throw error;
    }
    const rows = new Map<string, string>();
    for (const line of (await readFile(csv, 'utf8')).split('\n').slice(1)) {
      const comma = line.indexOf(',');
      if (comma > 0) rows.set(line.slice(0, comma), line.slice(comma + 1));
    }
    const scores: { group: string; dice: number }[] = [];
    for (const [i, sample] of samples.entries()) {
      const { width, height } = await sharp(sample.imagePath).metadata();
      const rle = rows.get(names[i] as string);
      // predictFolder stops at an undecodable image, so every image it returned from has a row.
      if (rle === undefined || width === undefined || height === undefined) throw new TrainerFileError(sample.imagePath, 'got no predicted mask', 'check that the file is an image');
      scores.push({ group: sample.group, dice: maskDice(await trueMask(sample, width, height, options.foreground), rleDecode(rle, width, height)) });
    }
    return { imageDice: scores.reduce((a, s) => a + s.dice, 0) / Math.max(1, scores.length), byGroup: diceByGroup(scores), upsample: options.upsample };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
