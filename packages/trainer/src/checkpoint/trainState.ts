/** What a checkpoint stores besides the weights, so `--resume` continues exactly where it stopped. */
import type { TrainConfig } from '../config/trainConfig.js';
import type { EpochRecord } from '../records/history.js';

/** Running sums of an epoch interrupted between steps (SIGINT), so its means stay exact on resume. */
export interface PartialEpoch {
  steps: number;
  images: number;
  /** Batch-size-weighted sums of loss, diceLoss, diceCoeff, meanIoU. */
  sums: [number, number, number, number];
  waitMs: number;
  computeMs: number;
}

/**
 * The trainer's state in a checkpoint's metadata. Every random draw of a run is a function of
 * (seed, epoch, sample index) — the split, shuffle order, augmentation and initial weights — so
 * `seed`, `epoch` and `stepInEpoch` are the whole random state: nothing else to carry over.
 */
export interface TrainState {
  format: 1;
  /** Epochs fully done (the next epoch to run is epoch + 1, 1-based). */
  epoch: number;
  /** Steps already done in epoch + 1 (non-zero only after an interrupt). */
  stepInEpoch: number;
  /** Training steps over the whole run. */
  globalStep: number;
  seed: number;
  /** Learning rate for the next step (after any plateau reductions). */
  lr: number;
  config: TrainConfig;
  /** Lowest val diceLoss so far and its epoch; null before the first validation. */
  best: { valDiceLoss: number; valDiceCoeff: number; epoch: number } | null;
  /** ReduceLROnPlateau: best val loss seen and epochs since it improved. */
  plateau: { bestValLoss: number | null; wait: number };
  /** Early stopping: epochs since val diceLoss last improved. */
  earlyStopWait: number;
  partial: PartialEpoch | null;
  history: EpochRecord[];
  /** Training totals over completed epochs (summed over resumes), for the run's summary. */
  totals: { images: number; waitMs: number; computeMs: number; seconds: number };
}

/** The state of a run that has not trained yet. */
export function initialTrainState(config: TrainConfig): TrainState {
  return {
    format: 1,
    epoch: 0,
    stepInEpoch: 0,
    globalStep: 0,
    seed: config.seed,
    lr: config.lr,
    config,
    best: null,
    plateau: { bestValLoss: null, wait: 0 },
    earlyStopWait: 0,
    partial: null,
    history: [],
    totals: { images: 0, waitMs: 0, computeMs: 0, seconds: 0 },
  };
}
