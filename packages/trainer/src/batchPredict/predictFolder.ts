/**
 * `predictFolder(options)`: a Kaggle submission csv for folders of any size. Workers decode and
 * resize into shared slots, the main thread only runs the model on batches, and the workers turn
 * probabilities into masks, RLE and (when asked) PNGs. Each row is appended as it completes, so a
 * killed run resumes where it stopped; memory is the slots plus the list of names.
 *
 *   inputs -> [decode: workers] -> batch -> [model: main thread] -> [mask, RLE, PNG: workers] -> csv row
 *   a slot (predictProtocol.ts) carries one image through all of it and is freed after its row.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '@maskflow/errors';
import { createPredictPool, type PredictPool } from '@maskflow/pipeline';
import { listImages, outputName, type InputImage } from '../inference/listImages.js';
import { openModel } from '../inference/openModel.js';
import { openAppendOnly, type AppendOnlyFile } from './appendOnlyFile.js';
import { CSV_HEADER, scanCsv } from './csvRows.js';
import { DuplicateImageNameError, refuseSameMaskNames } from './predictErrors.js';
import { resolvePredictFolderOptions, type PredictFolderOptions } from './predictFolderOptions.js';
import { predictLoop, type PredictTimings } from './predictLoop.js';
import { shardInputs, type Shard } from './shard.js';
import { openSkippedLog, type SkippedImage } from './skippedLog.js';
import { sortCsv } from './sortCsv.js';

/** What {@link predictFolder} did. */
export interface PredictFolderSummary {
  csv: string;
  shard: Shard;
  /** Images of this shard. */
  images: number;
  /** Rows already in the csv when the run started. */
  resumed: number;
  /** Rows this run wrote (skipped images included). */
  written: number;
  /** Images whose row has an empty mask because they could not be decoded (earlier runs' too). */
  skipped: SkippedImage[];
  /** The sidecar listing them, when there are any. */
  skippedFile: string | undefined;
  /** True when the signal stopped the run before every row was written (run again to resume). */
  interrupted: boolean;
  sorted: boolean;
  seconds: number;
  imagesPerSecond: number;
  batchSize: number;
  threads: number;
  backend: string;
  /** Where the time went: worker busy time decoding and finishing (summed over threads), the main thread's model calls, and its waits for decodes. */
  timings: PredictTimings;
  /** The process' peak resident memory so far, in bytes. */
  peakRssBytes: number;
}

/** Paths by name (the csv key), refusing two files with one name. */
function namesOf(images: InputImage[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const { path, name: img } of images) {
    const other = byName.get(img);
    if (other !== undefined) throw new DuplicateImageNameError(`Inputs ${other} and ${path} would both be row "${img}" of the csv; pass folders without same-named images, or predict them into separate csvs`);
    byName.set(img, path);
  }
  return byName;
}

/** Predict every input image of the shard into the csv, resuming it if it exists. */
export async function predictFolder(options: PredictFolderOptions): Promise<PredictFolderSummary> {
  const config = resolvePredictFolderOptions(options);
  const started = performance.now();
  const images = await listImages(config.inputs, config.cwd, { skip: config.masks });
  const all = namesOf(images);
  if (config.masks !== undefined) refuseSameMaskNames(images);
  const names = shardInputs([...all.keys()].sort(), config.shard);
  const inShard = new Set(names);

  await mkdir(dirname(config.csv), { recursive: true });
  if (config.masks !== undefined) {
    // Workers write the mask PNGs: each subfolder they write into must exist first.
    const folders = new Set(names.map((img) => dirname(join(config.masks as string, outputName(img, '_mask.png')))));
    await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  }
  const index = existsSync(config.csv) ? await scanCsv(config.csv) : undefined;
  const done = new Set<string>();
  for (const row of index?.rows ?? []) {
    if (!inShard.has(row.img)) {
      throw new UserError(`${config.csv}: has a row for "${row.img}", which is not among the inputs of shard ${config.shard.index}/${config.shard.count}. Pass the same --input and --shard as the run that wrote it, or another --rle-csv`);
    }
    if (done.has(row.img)) throw new UserError(`${config.csv}: has two rows for "${row.img}". Run \`maskflow merge-csv\` on it to find every duplicate, or start a new csv`);
    done.add(row.img);
  }
  const pending = names.filter((img) => !done.has(img));
  const skippedLog = await openSkippedLog(config.skippedFile, done);
  const skipped = [...skippedLog.earlier];
  let written = 0;
  let interrupted = false;
  const timings: PredictTimings = { decodeMs: 0, modelMs: 0, finishMs: 0, waitMs: 0 };
  const { model, size, backend } = await openModel(config.model, config.backend);
  // From here on, everything opened is closed in the finally, whatever fails.
  let csv: AppendOnlyFile | undefined;
  let pool: PredictPool | undefined;
  try {
    pool = createPredictPool({ threads: config.threads, size, slots: config.batchSize * 4, resize: config.resize, upsample: config.upsample });
    const out = openAppendOnly(config.csv, index?.completeBytes ?? 0);
    csv = out;
    if ((index?.completeBytes ?? 0) === 0) out.append(`${CSV_HEADER}\n`);
    interrupted = await predictLoop(config, pool, model, size, pending, all, timings, {
      row(line) {
        out.append(line);
        written++;
        const elapsedMs = performance.now() - started;
        const imagesPerSecond = written / Math.max(1e-9, elapsedMs / 1000);
        options.onProgress?.({ done: written, total: pending.length, resumed: done.size, skipped: skipped.length, elapsedMs, imagesPerSecond, etaSeconds: (pending.length - written) / Math.max(1e-9, imagesPerSecond) });
      },
      skip(entry) {
        skippedLog.append(entry);
        skipped.push(entry);
      },
    }, options.signal);
  } finally {
    model.dispose();
    csv?.close();
    skippedLog.close();
    await pool?.destroy();
  }
  const sorted = config.sort && !interrupted;
  if (sorted) await sortCsv(config.csv);
  const seconds = (performance.now() - started) / 1000;
  return {
    csv: config.csv,
    shard: config.shard,
    images: names.length,
    resumed: done.size,
    written,
    skipped,
    skippedFile: skipped.length > 0 ? config.skippedFile : undefined,
    interrupted,
    sorted,
    seconds,
    imagesPerSecond: written / Math.max(1e-9, seconds),
    batchSize: config.batchSize,
    threads: config.threads,
    backend,
    timings,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

