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
import { basename, dirname, extname, join } from 'node:path';
import { UserError } from '@maskflow/errors';
import { tf } from '@maskflow/model';
import { createPredictPool, type PredictDecodeResult, type PredictPool } from '@maskflow/pipeline';
import { PIXEL_SCALE } from '@maskflow/preprocess';
import { listImages } from '../inference/listImages.js';
import { openModel } from '../inference/openModel.js';
import { predictProbabilities } from '../inference/predictProbabilities.js';
import { openAppendOnly } from './appendOnlyFile.js';
import { CSV_HEADER, scanCsv } from './csvRows.js';
import { resolvePredictFolderOptions, type PredictFolderConfig, type PredictFolderOptions } from './predictFolderOptions.js';
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

/** Milliseconds spent in each stage of a predictFolder run. */
export interface PredictTimings {
  decodeMs: number;
  modelMs: number;
  finishMs: number;
  waitMs: number;
}

/** An image that cannot be decoded under --on-bad-sample error. */
export class BadImageError extends UserError {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: cannot be decoded (${reason}). Pass --on-bad-sample skip to write an empty-mask row for it and list it in the skipped-files sidecar, or remove the file`);
  }
}

/** Two inputs whose csv rows would share one name. */
export class DuplicateImageNameError extends UserError {}

interface Decoded {
  img: string;
  path: string;
  slot: number;
  result: PredictDecodeResult;
}

/** A FIFO of free slot numbers; take() waits while all are in use, and resolves to -1 once closed. */
function slotQueue(slots: number): { take(): Promise<number>; give(slot: number): void; close(): void } {
  const free = Array.from({ length: slots }, (_, i) => i);
  const waiting: ((slot: number) => void)[] = [];
  let closed = false;
  return {
    take: () => {
      if (closed) return Promise.resolve(-1);
      const slot = free.shift();
      return slot === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(slot);
    },
    give: (slot) => {
      const next = waiting.shift();
      if (next === undefined) free.push(slot);
      else next(slot);
    },
    close: () => {
      closed = true;
      for (const resolve of waiting.splice(0)) resolve(-1);
    },
  };
}

/** Names (csv keys) of `paths`, refusing two files with one name. */
function namesOf(paths: string[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const path of paths) {
    const img = basename(path);
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
  const all = namesOf(await listImages(config.inputs, config.cwd));
  const names = shardInputs([...all.keys()].sort(), config.shard);
  const inShard = new Set(names);

  await mkdir(dirname(config.csv), { recursive: true });
  if (config.masks !== undefined) await mkdir(config.masks, { recursive: true });
  const index = existsSync(config.csv) ? await scanCsv(config.csv) : undefined;
  const done = new Set<string>();
  for (const row of index?.rows ?? []) {
    if (!inShard.has(row.img)) {
      throw new UserError(`${config.csv}: has a row for "${row.img}", which is not among the inputs of shard ${config.shard.index}/${config.shard.count}. Pass the same --input and --shard as the run that wrote it, or another --rle-csv`);
    }
    if (done.has(row.img)) throw new UserError(`${config.csv}: has two rows for "${row.img}". Run \`maskflow merge-csv\` on it to find every duplicate, or start a new csv`);
    done.add(row.img);
  }
  const csv = openAppendOnly(config.csv, index?.completeBytes ?? 0);
  if ((index?.completeBytes ?? 0) === 0) csv.append(`${CSV_HEADER}\n`);
  const skippedLog = await openSkippedLog(config.skippedFile, done);
  const skipped = [...skippedLog.earlier];
  const pending = names.filter((img) => !done.has(img));

  const { model, size, backend } = await openModel(config.model, config.backend);
  const pool = createPredictPool({ threads: config.threads, size, slots: config.batchSize * 4, resize: config.resize });
  let written = 0;
  let interrupted = false;
  const timings: PredictTimings = { decodeMs: 0, modelMs: 0, finishMs: 0, waitMs: 0 };
  try {
    interrupted = await run(config, pool, model, size, pending, all, timings, {
      row(line) {
        csv.append(line);
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
    csv.close();
    skippedLog.close();
    await pool.destroy();
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

interface RowSink {
  row(line: string): void;
  skip(entry: SkippedImage): void;
}

/**
 * The producer/consumer loop. Decodes are started in input order as slots free up (at most
 * `slots` images are in flight), taken in that order, batched, run through the model, and
 * finished in the workers; rows are written in completion order. Resolves to true if `signal` stopped it.
 */
async function run(config: PredictFolderConfig, pool: PredictPool, model: tf.LayersModel, size: [number, number], pending: string[], paths: Map<string, string>, timings: PredictTimings, sink: RowSink, signal: AbortSignal | undefined): Promise<boolean> {
  const slots = slotQueue(pool.layout.slots);
  const [height, width] = size;
  const pixels = height * width;
  const decodes: Promise<Decoded>[] = [];
  let failure: unknown;
  let next = 0;
  let wake: (() => void) | undefined;
  const fail = (error: unknown): void => {
    failure ??= error;
    slots.close();
    wake?.();
  };
  // Start decodes while slots are free; each resolved decode keeps its slot until its row is out.
  async function produce(): Promise<void> {
    while (next < pending.length && failure === undefined && !signal?.aborted) {
      const slot = await slots.take();
      if (slot === -1 || signal?.aborted) break;
      const img = pending[next++] as string;
      const path = paths.get(img) as string;
      const decoded = pool.decode(slot, path).then((result) => ({ img, path, slot, result }));
      // Observed by the consumer in order; this keeps a decode left behind by a failure from being an unhandled rejection.
      decoded.catch(() => undefined);
      decodes.push(decoded);
      wake?.();
    }
    wake?.();
  }
  const producing = produce().catch(fail);
  const finishing = new Set<Promise<void>>();
  const input = new Float32Array(config.batchSize * pixels * 3);
  let taken = 0;
  let batch: Decoded[] = [];

  async function runBatch(items: Decoded[]): Promise<void> {
    const modelStarted = performance.now();
    for (const [i, item] of items.entries()) {
      const source = pool.pixels(item.slot);
      const at = i * pixels * 3;
      for (let j = 0; j < source.length; j++) input[at + j] = (source[j] as number) * PIXEL_SCALE;
    }
    const x = tf.tensor4d(input.subarray(0, items.length * pixels * 3), [items.length, height, width, 3]);
    const p = predictProbabilities(model, x, config.tta);
    x.dispose();
    // Read asynchronously: a synchronous read would stall a GPU backend's queue.
    const probabilities = (await p.data()) as Float32Array;
    p.dispose();
    timings.modelMs += performance.now() - modelStarted;
    for (const [i, item] of items.entries()) {
      if (item.result.ok !== true) continue;
      pool.probabilities(item.slot).set(probabilities.subarray(i * pixels, (i + 1) * pixels));
      const maskPng = config.masks === undefined ? undefined : join(config.masks, `${basename(item.img, extname(item.img))}_mask.png`);
      const done = pool
        .finish(item.slot, [item.result.sourceHeight, item.result.sourceWidth], config.threshold, maskPng)
        .then((finished) => {
          timings.finishMs += finished.ms;
          sink.row(`${item.img},${finished.rle}\n`);
          slots.give(item.slot);
        })
        .catch(fail);
      finishing.add(done);
      void done.finally(() => finishing.delete(done));
    }
  }

  while (failure === undefined) {
    if (taken === decodes.length) {
      if (next >= pending.length || signal?.aborted) {
        await producing;
        if (taken === decodes.length) break;
      } else {
        const waitStarted = performance.now();
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        timings.waitMs += performance.now() - waitStarted;
        continue;
      }
    }
    let item: Decoded;
    const waitStarted = performance.now();
    try {
      item = await (decodes[taken] as Promise<Decoded>);
      timings.waitMs += performance.now() - waitStarted;
      timings.decodeMs += item.result.ms;
    } catch (error) {
      fail(error);
      break;
    }
    if (failure !== undefined) break;
    // Drop the settled promise: the list is as long as the run, its entries need not be.
    decodes[taken] = undefined as unknown as Promise<Decoded>;
    taken++;
    if (item.result.ok !== true) {
      if (config.onBadSample === 'error') {
        fail(new BadImageError(item.result.file, item.result.reason));
        break;
      }
      sink.skip({ img: item.img, file: item.path, reason: item.result.reason });
      sink.row(`${item.img},\n`);
      slots.give(item.slot);
    } else batch.push(item);
    const last = taken === pending.length || (signal?.aborted === true && taken === decodes.length);
    if (batch.length === config.batchSize || (last && batch.length > 0)) {
      const items = batch;
      batch = [];
      try {
        await runBatch(items);
      } catch (error) {
        fail(error);
        break;
      }
    }
  }
  slots.close();
  await producing;
  await Promise.all([...finishing]);
  if (failure !== undefined) throw failure;
  return taken < pending.length;
}
