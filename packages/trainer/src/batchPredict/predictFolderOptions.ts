/** The options of predictFolder, and their checks and defaults (one typed config for the library call). */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { checkBoolean, checkChoice, checkInteger, checkNonEmptyString, checkNumber, OptionRangeError } from '@maskflow/errors';
import { PREDICT_UPSAMPLES, type PredictResize, type PredictUpsample } from '@maskflow/pipeline';
import type { BackendPreference } from '../config/trainConfig.js';
import type { Tta } from '../inference/predictProbabilities.js';
import { resolveShard, type Shard } from './shard.js';

/** Progress of a predictFolder run, after each row. */
export interface PredictProgress {
  /** Rows written by this run, and the rows this run has to write. */
  done: number;
  total: number;
  /** Rows that were already in the csv when the run started (resumed). */
  resumed: number;
  skipped: number;
  elapsedMs: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

/** Options of {@link predictFolder}. */
export interface PredictFolderOptions {
  /** A checkpoint directory, or a run directory (its best/ is used). */
  model: string;
  /** Image files and/or directories of images (any number). */
  inputs: string[];
  /** The Kaggle submission csv (`img,rle_mask`): appended row by row; an existing one is resumed. Default `<masks>/submission.csv`. */
  csv?: string;
  /** Also write `<name>_mask.png` (0/255) at each image's own size into this directory. */
  masks?: string;
  /** Images per model call. Default 8. */
  batchSize?: number;
  /** Decode and mask worker threads. Default: the machine's cores. */
  threads?: number;
  threshold?: number;
  tta?: Tta;
  backend?: BackendPreference;
  /** 'error' (default) stops at the first image that cannot be decoded; 'skip' writes an empty-mask row for it and lists it in `skippedFile`. */
  onBadSample?: 'error' | 'skip';
  /** The sidecar listing skipped images (`img<TAB>path<TAB>reason`). Default `<csv>.skipped.tsv`. */
  skippedFile?: string;
  /** "K/N" or { index, count }; unset: JOB_COMPLETION_INDEX / JOB_COMPLETIONS of `env`, else everything. */
  shard?: string | Shard;
  /** Where the Indexed Job variables are read. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Rewrite the csv sorted by image name at the end (rows are otherwise in completion order). */
  sort?: boolean;
  /** 'pipeline' (default): resize to the model's input as training's loader does; 'exact': as @maskflow/preprocess (the browser demo) does. */
  resize?: PredictResize;
  /** 'guided' (default): the mask's outline follows the image's own edges; 'bilinear': plain upsampling of the probabilities. */
  upsample?: PredictUpsample;
  cwd?: string;
  onProgress?: (progress: PredictProgress) => void;
  /** Stop early: rows written so far stay, and the same call resumes. */
  signal?: AbortSignal;
}

/** predictFolder's options after checks and defaults. */
export interface PredictFolderConfig {
  model: string;
  inputs: string[];
  csv: string;
  masks: string | undefined;
  batchSize: number;
  threads: number;
  threshold: number;
  tta: Tta;
  backend: BackendPreference;
  onBadSample: 'error' | 'skip';
  skippedFile: string;
  shard: Shard;
  sort: boolean;
  resize: PredictResize;
  upsample: PredictUpsample;
  cwd: string;
}

/** Check `options` where users call in and fill in the defaults; paths become absolute. */
export function resolvePredictFolderOptions(options: PredictFolderOptions): PredictFolderConfig {
  const cwd = options.cwd ?? process.cwd();
  if (!Array.isArray(options.inputs) || options.inputs.length === 0) throw new OptionRangeError('input', 'at least one image file or directory', options.inputs);
  if (options.csv === undefined && options.masks === undefined) throw new OptionRangeError('rleCsv', 'a path for the submission csv (or --output, for <output>/submission.csv)', undefined);
  const masks = options.masks === undefined ? undefined : resolve(cwd, checkNonEmptyString('output', options.masks, 'a directory for mask PNGs'));
  const csv = options.csv === undefined ? join(masks as string, 'submission.csv') : resolve(cwd, checkNonEmptyString('rleCsv', options.csv, 'a path for the submission csv'));
  return {
    model: resolve(cwd, checkNonEmptyString('model', options.model, 'a checkpoint or run directory')),
    inputs: options.inputs.map((input, i) => resolve(cwd, checkNonEmptyString(`input[${i}]`, input, 'an image file or directory'))),
    csv,
    masks,
    batchSize: checkInteger('batchSize', options.batchSize ?? 8, 1, 1024),
    threads: checkInteger('threads', options.threads ?? availableParallelism(), 1, 256),
    threshold: checkNumber('threshold', options.threshold ?? 0.5, 0, 1),
    tta: checkChoice('tta', options.tta ?? 'none', ['none', 'flip'] as const),
    backend: (options.backend ?? 'auto') as BackendPreference,
    onBadSample: checkChoice('onBadSample', options.onBadSample ?? 'error', ['error', 'skip'] as const),
    skippedFile: resolve(cwd, options.skippedFile === undefined ? `${csv}.skipped.tsv` : checkNonEmptyString('skippedFile', options.skippedFile, 'a path')),
    shard: resolveShard(options.shard, options.env ?? process.env),
    sort: checkBoolean('sort', options.sort ?? false),
    resize: checkChoice('resize', options.resize ?? 'pipeline', ['pipeline', 'exact'] as const),
    upsample: checkChoice('upsample', options.upsample ?? 'guided', PREDICT_UPSAMPLES),
    cwd,
  };
}
