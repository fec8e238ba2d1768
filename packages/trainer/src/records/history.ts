/** Per-epoch records of a run, and their history.json / history.csv files. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './writeFileAtomic.js';

/** One epoch's results: training means, validation over the whole split, and speed. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  loss: number;
  diceLoss: number;
  diceCoeff: number;
  meanIoU: number;
  valLoss: number;
  valDiceLoss: number;
  valDiceCoeff: number;
  valMeanIoU: number;
  /** Kaggle score at the training size: mean over val images of the thresholded mask's Dice (absent in runs recorded before it). */
  valImageDice?: number;
  /** Learning rate used during this epoch. */
  lr: number;
  /** The size the epoch trained at, HEIGHTxWIDTH: under --size early in a run with progressive resizing (absent in runs recorded before it). */
  trainSize?: string;
  /** Training images per second (steps only, validation excluded). */
  imagesPerSecond: number;
  /** Share of training step time spent waiting for the next batch. */
  inputWaitShare: number;
  /** GPU backends only: share of training wall time the device queue was empty (a lower bound; see trainEpoch). */
  gpuIdleShare?: number;
  steps: number;
  seconds: number;
}

/** Column order of history.csv and of the JSON objects. */
export const HISTORY_COLUMNS = [
  'epoch', 'loss', 'diceLoss', 'diceCoeff', 'meanIoU', 'valLoss', 'valDiceLoss', 'valDiceCoeff', 'valMeanIoU', 'valImageDice',
  'lr', 'trainSize', 'imagesPerSecond', 'inputWaitShare', 'steps', 'seconds',
] as const satisfies readonly (keyof EpochRecord)[];

/** The history as CSV text (header + one row per epoch). */
export function historyToCsv(history: readonly EpochRecord[]): string {
  const rows = history.map((r) => HISTORY_COLUMNS.map((c) => String(r[c] ?? '')).join(','));
  return `${[HISTORY_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

/** Write `history.json` and `history.csv` into `dir`, each atomically. */
export async function writeHistory(dir: string, history: readonly EpochRecord[]): Promise<void> {
  await writeFileAtomic(join(dir, 'history.json'), `${JSON.stringify(history, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'history.csv'), historyToCsv(history));
}

/** Read `history.json` from a run directory; an empty list when there is none. */
export async function readHistory(dir: string): Promise<EpochRecord[]> {
  try {
    return JSON.parse(await readFile(join(dir, 'history.json'), 'utf8')) as EpochRecord[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
