/**
 * predictFolder's producer/consumer loop. One async producer starts decodes in input order as
 * slots free up; the consumer takes them in that order, batches them, runs the model and hands
 * each image to a finish task; each finish writes its row and frees the slot. Who owns a slot:
 * the producer takes it, the decode task fills it, the consumer reads it into the batch and writes
 * the probabilities, the finish task reads them, and the row write gives it back.
 */
import { join } from 'node:path';
import { tf } from '@maskflow/model';
import type { PredictDecodeResult, PredictPool } from '@maskflow/pipeline';
import { PIXEL_SCALE } from '@maskflow/preprocess';
import { outputName } from '../inference/listImages.js';
import { predictProbabilities } from '../inference/predictProbabilities.js';
import { BadImageError } from './predictErrors.js';
import type { PredictFolderConfig } from './predictFolderOptions.js';
import type { SkippedImage } from './skippedLog.js';

/** Milliseconds spent in each stage of a predictFolder run. */
export interface PredictTimings {
  decodeMs: number;
  modelMs: number;
  finishMs: number;
  waitMs: number;
}

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

/** Where the loop puts its output: csv lines and skipped images. */
export interface RowSink {
  row(line: string): void;
  skip(entry: SkippedImage): void;
}

/**
 * The producer/consumer loop of predictFolder. Decodes are started in input order as slots free up (at most
 * `slots` images are in flight), taken in that order, batched, run through the model, and
 * finished in the workers; rows are written in completion order. Resolves to true if `signal` stopped it.
 */
export async function predictLoop(config: PredictFolderConfig, pool: PredictPool, model: tf.LayersModel, size: [number, number], pending: string[], paths: Map<string, string>, timings: PredictTimings, sink: RowSink, signal: AbortSignal | undefined): Promise<boolean> {
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
      const maskPng = config.masks === undefined ? undefined : join(config.masks, outputName(item.img, '_mask.png'));
      const done = pool
        .finish(item.slot, item.result, config.threshold, maskPng)
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
