/** `evaluate(options)`: Dice, mean IoU and the Kaggle image Dice of a saved model on a data split. */
import { checkBoolean, checkChoice, checkInteger, checkNonEmptyString, OptionRangeError } from '@maskflow/errors';
import { resolve } from 'node:path';
import { loadDataset, splitDataset, type Sample } from '@maskflow/datasets';
import { batchToTensors, diceCoeff, imageDice, meanIoU, tf } from '@maskflow/model';
import { LOADER_LIMITS, PREDICT_UPSAMPLES, checkForeground, createLoader, type Foreground, type PredictUpsample } from '@maskflow/pipeline';
import { splitOptionsOf, type SplitConfig } from '../config/splitOptions.js';
import type { BackendPreference } from '../config/trainConfig.js';
import { autoPipelineThreads } from '../train/autoThreads.js';
import { fullSizeDice, type FullSizeScore } from './fullSizeDice.js';
import { openModel } from './openModel.js';
import { predictProbabilities, type Tta } from './predictProbabilities.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** A checkpoint directory, or a run directory (its best/ is used). */
  model: string;
  /** Data set; default: the one the model was trained on (for `val` of a run trained with --val-data, that folder, all of it). */
  data?: string;
  /** `val`: the validation split of the model's training run (same seed and fraction); `all`: every sample. */
  split?: 'val' | 'all';
  tta?: Tta;
  /** Also score the masks `maskflow predict` writes, at each image's own size (Kaggle's Carvana metric), overall and per group. */
  fullSize?: boolean;
  /** With `fullSize`: how masks are brought to the image's size, as `predict` does it: 'guided' (default) or 'bilinear'. */
  upsample?: PredictUpsample;
  /** The mask values that are the object (train's `foreground`); default: the training run's, else any non-zero value. */
  foreground?: Foreground;
  batchSize?: number;
  threads?: number;
  backend?: BackendPreference;
  /** Directory relative paths resolve against (default: process.cwd()). */
  cwd?: string;
}

/** What {@link evaluate} measured, at the model's input size. */
export interface EvaluateResult {
  /** diceCoeff averaged over batches weighted by size (as validation during training). */
  dice: number;
  meanIoU: number;
  /** Kaggle's score: the mean over images of each thresholded mask's Dice (empty + empty = 1). */
  imageDice: number;
  /** With `fullSize`: the Kaggle image Dice at each image's own size, and per group (car), worst first. */
  fullSize?: FullSizeScore;
  samples: number;
  split: 'val' | 'all';
  tta: Tta;
  data: string;
  model: string;
}

/** The samples to evaluate: the model's own validation split, or all of them (a run trained with --val-data validated on all of its folder). */
async function pickSamples(dataDir: string, split: 'val' | 'all', trained: SplitConfig | undefined): Promise<Sample[]> {
  const { samples } = await loadDataset(dataDir);
  if (split === 'all' || trained?.valData !== undefined) return samples;
  if (!trained) {
    throw new OptionRangeError('split', "'all' for a model saved without Maskflow's training state", 'val', "The validation split is unknown; pass {split} 'all'");
  }
  return splitDataset(samples, splitOptionsOf(trained)).val;
}

/** Evaluate a saved model; metrics are computed at the model's input size. */
export async function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  const cwd = options.cwd ?? process.cwd();
  const split = checkChoice('split', options.split ?? 'val', ['val', 'all'] as const);
  const tta = checkChoice('tta', options.tta ?? 'none', ['none', 'flip'] as const);
  const wantFullSize = checkBoolean('fullSize', options.fullSize ?? false);
  const upsample = checkChoice('upsample', options.upsample ?? 'guided', PREDICT_UPSAMPLES);
  const opened = await openModel(resolve(cwd, checkNonEmptyString('model', options.model, 'a path')), options.backend);
  const { model, size, state } = opened;
  let disposed = false;
  try {
    const config = state?.config;
    const batchSize = checkInteger('batchSize', options.batchSize ?? config?.batchSize ?? 8, ...LOADER_LIMITS.batchSize);
    const threads = checkInteger('threads', options.threads ?? 0, ...LOADER_LIMITS.threads);
    // The validation split of a run trained with --val-data is that whole folder.
    const dataOption = options.data ?? (split === 'val' && config?.valData !== undefined ? config.valData : config?.data);
    if (dataOption === undefined) throw new OptionRangeError('data', 'a data directory (the model has no record of its data)', undefined);
    const data = resolve(cwd, checkNonEmptyString('data', dataOption, 'a path'));
    const samples = await pickSamples(data, split, config);
    // The masks are read as the training run read them: the same source and object values.
    const foreground = checkForeground('foreground', options.foreground ?? config?.foreground);
    const masks = { maskSource: config?.maskSource ?? 'auto', ...(foreground === undefined ? {} : { foreground }) };
    const loader = createLoader({ samples, size, batchSize, threads: threads > 0 ? threads : autoPipelineThreads(), shuffle: false, augment: false, ...masks });
    const sums = [0, 0, 0];
    let count = 0;
    try {
      for await (const batch of loader.epoch(0)) {
        let values: tf.Tensor1D;
        try {
          values = tf.tidy(() => {
            const { x, y } = batchToTensors(batch.images, batch.masks, { n: batch.size, height: size[0], width: size[1] });
            const p = predictProbabilities(model, x, tta);
            const t = y as tf.Tensor;
            return tf.stack([diceCoeff(t, p), meanIoU(t, p), imageDice(t, p)]) as tf.Tensor1D;
          });
        } finally {
          batch.release();
        }
        const v = await values.data();
        values.dispose();
        for (let k = 0; k < 3; k++) sums[k]! += v[k]! * batch.size;
        count += batch.size;
      }
    } finally {
      await loader.close();
    }
    const n = Math.max(1, count);
    const result: EvaluateResult = { dice: sums[0]! / n, meanIoU: sums[1]! / n, imageDice: sums[2]! / n, samples: count, split, tta, data, model: opened.dir };
    if (wantFullSize) {
      // predictFolder loads its own copy of the checkpoint: free this one first.
      model.dispose();
      disposed = true;
      result.fullSize = await fullSizeDice(opened.dir, samples, { tta, upsample, backend: options.backend ?? 'auto', batchSize, threads: threads > 0 ? threads : autoPipelineThreads(), foreground });
    }
    return result;
  } finally {
    if (!disposed) model.dispose();
  }
}
