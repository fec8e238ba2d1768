import { setMaxListeners } from 'node:events';
import type { Sample } from '@maskflow/datasets';
import { DecodeCache } from './decodeCache.js';
import { LoaderStateError, RingBufferError, SampleError } from './errors.js';
import { resolveOptions } from './loaderOptions.js';
import type { LoaderOptions, ResolvedOptions } from './loaderOptions.js';
import type { LoaderStats, SkippedSample } from './loaderStats.js';
import { cacheLayout, ringLayout } from './protocol.js';
import type { SampleResult, SampleTask } from './protocol.js';
import { epochOrder } from './randomness.js';
import { RingBuffer, SlotState } from './ringBuffer.js';
import { createTaskRunner } from './taskRunner.js';
import type { TaskRunner } from './taskRunner.js';

/**
 * One batch: views into a ring buffer slot, valid until release().
 * CAUTION: the views are not copies. Call release() exactly once, after the last use of
 * images/masks (e.g. after building tensors from them); the slot is then refilled.
 */
export interface Batch {
  /** batch.size x H x W x 3 RGB, uint8 0..255 (scale by 1/255 on the model side). */
  images: Uint8Array;
  /** batch.size x H x W, values 0/1. */
  masks: Uint8Array;
  /** Dataset indices of the samples, in batch order. */
  indices: number[];
  /** Samples in this batch: batchSize, fewer in a partial last batch or after skipped samples. */
  size: number;
  /** Hand the slot back for refilling; exactly once, after the last use of images/masks. */
  release(): void;
}

/** What createLoader returns. */
export interface Loader {
  /** Batches of epoch `e`, in order; one epoch at a time. */
  epoch(e: number): AsyncIterableIterator<Batch>;
  stats(): LoaderStats;
  /** Stop workers and end any epoch in progress; batches already held stay readable. */
  close(): Promise<void>;
  /** Batches per epoch: ceil(n / batchSize), or floor with dropRemainder. */
  readonly stepsPerEpoch: number;
  /** Shared memory the loader allocated, in bytes. */
  readonly memory: { ringBytes: number; cacheBytes: number };
}

interface Produced {
  slot: number;
  generation: number;
  indices: number[];
  skipped: SkippedSample[];
  cacheHits: number;
  fromRle: number;
}

function batchesOf(order: number[], size: number, dropRemainder: boolean): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  const last = out[out.length - 1];
  if (dropRemainder && last !== undefined && last.length < size) out.pop();
  return out;
}

/** Create a loader: a worker pool decoding and augmenting `samples` into a preallocated shared ring buffer. */
export function createLoader(options: LoaderOptions): Loader {
  const opts: ResolvedOptions = resolveOptions(options);
  const [height, width] = opts.size;
  const ring = new RingBuffer(ringLayout(opts.prefetch + 2, opts.batchSize, height, width));
  const cache = opts.cache === 'memory' ? new DecodeCache(cacheLayout(opts.samples.length, height, width)) : undefined;
  const runner: TaskRunner = createTaskRunner(
    { ring: ring.buffer, ringLayout: ring.layout, cache: cache?.buffer, cacheLayout: cache?.layout, seed: opts.seed, augment: opts.augment, maskSource: opts.maskSource },
    { threads: opts.threads, retries: opts.retries, resourceLimits: opts.workerResourceLimits },
  );
  const n = opts.samples.length;
  const stepsPerEpoch = opts.dropRemainder ? Math.floor(n / opts.batchSize) : Math.ceil(n / opts.batchSize);
  const skippedSamples: SkippedSample[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  let active: { abort: AbortController; wake: () => void } | undefined;
  const life = { skipped: 0, cacheHits: 0, decodedFromRle: 0, decodedFromFile: 0, busyMs: 0 };
  const current = { epoch: undefined as number | undefined, batches: 0, samples: 0, startedAt: 0, lastAt: 0, waitMs: 0 };

  function taskFor(index: number, epoch: number, slot: number, position: number): SampleTask {
    const s = opts.samples[index] as Sample;
    return { index, epoch, slot, position, id: s.id ?? String(index), imagePath: s.imagePath, maskPath: s.maskPath, rle: s.rle };
  }

  /** Run every sample of a batch into `slot`; then publish it, or free it and throw on a bad sample. */
  async function fill(epoch: number, slot: number, generation: number, indices: number[], signal: AbortSignal): Promise<Produced> {
    // One task per worker share of the batch: contiguous positions, `threads` tasks at most.
    const tasks = indices.map((index, position) => taskFor(index, epoch, slot, position));
    const shares = Math.max(1, Math.min(opts.threads, tasks.length));
    const per = Math.ceil(tasks.length / shares);
    const runs: Promise<SampleResult[]>[] = [];
    for (let i = 0; i < tasks.length; i += per) runs.push(runner.run(tasks.slice(i, i + per), signal));
    runs.forEach((r) => {
      inFlight.add(r);
      void r.finally(() => inFlight.delete(r)).catch(() => undefined);
    });
    // allSettled: never give the slot back while a worker may still be writing into it.
    const settled = await Promise.allSettled(runs);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) {
      ring.abandon(slot);
      throw failed.reason;
    }
    const results = settled.flatMap((s) => (s as PromiseFulfilledResult<SampleResult[]>).value);
    for (const r of results) life.busyMs += r.ms;
    const kept: number[] = [];
    const skipped: SkippedSample[] = [];
    let cacheHits = 0;
    let fromRle = 0;
    for (let p = 0; p < results.length; p++) {
      const r = results[p] as SampleResult;
      const index = indices[p] as number;
      if (r.ok) {
        if (r.cacheHit) cacheHits++;
        else if (r.maskFrom === 'rle') fromRle++;
        if (p !== kept.length) ring.moveSample(slot, p, kept.length);
        kept.push(index);
        continue;
      }
      const id = (opts.samples[index] as Sample).id ?? String(index);
      if (opts.onBadSample === 'error') {
        ring.abandon(slot);
        throw new SampleError(index, id, r.file, r.reason);
      }
      skipped.push({ index, id, file: r.file, reason: r.reason });
    }
    ring.publish(slot);
    return { slot, generation, indices: kept, skipped, cacheHits, fromRle };
  }

  async function* epoch(e: number): AsyncGenerator<Batch> {
    if (closed) throw new LoaderStateError('epoch() called after close(); create a new loader');
    if (active !== undefined) throw new LoaderStateError(`epoch(${e}) called while another epoch is being iterated; finish or break out of it first`);
    if (!Number.isSafeInteger(e) || e < 0) throw new RangeError(`Expected a non-negative integer for epoch but received ${String(e)}`);
    const abort = new AbortController();
    // Every queued task listens on this signal: up to (prefetch + 2) x batchSize at once.
    setMaxListeners((opts.prefetch + 3) * opts.batchSize + 16, abort.signal);
    const batches = batchesOf(epochOrder(n, opts.seed, e, opts.shuffle), opts.batchSize, opts.dropRemainder);
    const produced: Promise<Produced>[] = [];
    const taken = new Set<number>();
    let consumerAt = 0;
    let stop = false;
    let waitingFor: number | undefined; // slot the producer waits on
    // Producer and consumer wake each other on every step (a new batch, consumer progress, stop).
    let waiters: (() => void)[] = [];
    const signal = (): void => {
      const woken = waiters;
      waiters = [];
      for (const w of woken) w();
    };
    const nextEvent = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));
    active = { abort, wake: signal };
    Object.assign(current, { epoch: e, batches: 0, samples: 0, startedAt: performance.now(), lastAt: performance.now(), waitMs: 0 });

    const producer = (async () => {
      try {
        await produce();
      } finally {
        signal(); // the consumer may be waiting for a batch this producer will never make
      }
    })();

    async function produce(): Promise<void> {
      for (let b = 0; b < batches.length; b++) {
        // Prefetch depth: at most `prefetch` batches beyond the one the consumer asked for.
        while (!stop && b > consumerAt + opts.prefetch) await nextEvent();
        if (stop) return;
        waitingFor = ring.nextSlot();
        signal();
        const claim = await ring.acquire(() => stop);
        waitingFor = undefined;
        if (claim === undefined) return;
        if (stop) {
          ring.abandon(claim.slot);
          return;
        }
        const p = fill(e, claim.slot, claim.generation, batches[b] as number[], abort.signal);
        p.catch(() => undefined); // observed by the consumer in order
        void p.finally(signal).catch(() => undefined);
        produced[b] = p;
        signal();
      }
    }

    try {
      for (let b = 0; b < batches.length; b++) {
        consumerAt = b;
        signal();
        const t0 = performance.now();
        while (produced[b] === undefined) {
          if (closed) return;
          if (waitingFor !== undefined && ring.state(waitingFor) === SlotState.READING) {
            throw new RingBufferError(
              `batch ${b} of epoch ${e} needs ring slot ${waitingFor}, which an earlier batch still holds: every slot is either ` +
                `held or queued. Call batch.release() once you are done with a batch, before asking for more than prefetch + 1 ahead.`,
            );
          }
          await nextEvent();
        }
        let batch: Produced;
        try {
          batch = await (produced[b] as Promise<Produced>);
        } catch (error) {
          if (closed) return;
          throw error;
        }
        if (closed) return;
        taken.add(b);
        ring.take(batch.slot);
        const now = performance.now();
        current.waitMs += now - t0;
        current.batches++;
        current.samples += batch.indices.length;
        current.lastAt = now;
        // Counted when handed out, in batch order, so stats() never runs ahead of the consumer.
        life.cacheHits += batch.cacheHits;
        life.decodedFromRle += batch.fromRle;
        life.decodedFromFile += batch.indices.length - batch.cacheHits - batch.fromRle;
        life.skipped += batch.skipped.length;
        for (const s of batch.skipped) if (skippedSamples.length < 100) skippedSamples.push(s);
        let released = false;
        const { slot, generation } = batch;
        const out: Batch = {
          images: ring.images(slot, batch.indices.length),
          masks: ring.masks(slot, batch.indices.length),
          indices: batch.indices,
          size: batch.indices.length,
          release() {
            if (released) throw new RingBufferError(`release() called twice on batch ${b} of epoch ${e}; call it exactly once`);
            released = true;
            ring.release(slot, generation);
          },
        };
        if (out.size === 0) {
          out.release();
          continue;
        }
        yield out;
      }
    } finally {
      stop = true;
      signal();
      ring.wake();
      await producer;
      const leftovers = await Promise.allSettled(produced.filter((_, b) => !taken.has(b)));
      for (const r of leftovers) {
        const state = r.status === 'fulfilled' ? ring.state(r.value.slot) : undefined;
        if (r.status === 'fulfilled' && (state === SlotState.READY || state === SlotState.FILLING)) ring.abandon(r.value.slot);
      }
      if (active?.abort === abort) active = undefined;
    }
  }

  return {
    epoch,
    stepsPerEpoch,
    memory: { ringBytes: ring.layout.totalBytes, cacheBytes: cache?.layout.totalBytes ?? 0 },
    stats(): LoaderStats {
      const seconds = (current.lastAt - current.startedAt) / 1000;
      return {
        epoch: current.epoch,
        batches: current.batches,
        samples: current.samples,
        imagesPerSecond: seconds > 0 ? current.samples / seconds : 0,
        waitMs: current.waitMs,
        skipped: life.skipped,
        skippedSamples: [...skippedSamples],
        workerFailures: runner.failures(),
        cacheHits: life.cacheHits,
        masksDecoded: { rle: life.decodedFromRle, file: life.decodedFromFile },
        cachedSamples: cache?.filled() ?? 0,
        ringBytes: ring.layout.totalBytes,
        cacheBytes: cache?.layout.totalBytes ?? 0,
        threads: opts.threads,
        workerBusyMs: life.busyMs,
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      active?.abort.abort();
      ring.close();
      active?.wake();
      await Promise.allSettled([...inFlight]);
      await runner.destroy();
    },
  };
}
