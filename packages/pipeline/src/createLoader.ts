// The loader's lifetime: it allocates the shared memory and the worker pool once, starts one
// EpochIterator per epoch() call (one at a time), and close() tears it all down. The per-epoch
// producer/consumer is in epochIterator.ts, filling one batch in batchFill.ts, the counters in
// loaderStats.ts.
import { checkInteger } from '@maskflow/errors';
import { fillBatch } from './batchFill.js';
import type { BatchFillContext, BatchMix } from './batchFill.js';
import { DecodeCache } from './decodeCache.js';
import { epochBatches, stepsPerEpoch } from './epochBatches.js';
import { EpochIterator } from './epochIterator.js';
import type { Batch } from './epochIterator.js';
import { LoaderStateError } from './errors.js';
import { resolveOptions } from './loaderOptions.js';
import type { LoaderOptions, ResolvedOptions } from './loaderOptions.js';
import { LoaderStatsRecorder } from './loaderStats.js';
import type { LoaderStats } from './loaderStats.js';
import { cacheLayout, ringLayout } from './protocol.js';
import { RingBuffer } from './ringBuffer.js';
import { createTaskRunner } from './taskRunner.js';

/** What createLoader returns. */
export interface Loader {
  /** Batches of epoch `e`, in order; one epoch at a time. */
  epoch(e: number): AsyncIterableIterator<Batch>;
  /** Counters of the current (or last) epoch and of the loader's life. */
  stats(): LoaderStats;
  /** Stop workers and end any epoch in progress; batches already held stay readable. */
  close(): Promise<void>;
  /** Batches per epoch: ceil(n / batchSize), or floor with dropRemainder. */
  readonly stepsPerEpoch: number;
  /** Shared memory the loader allocated, in bytes. */
  readonly memory: { ringBytes: number; cacheBytes: number };
}

/** The across-batch augmentations of `opts`, or undefined when none is on. */
function batchMix(opts: ResolvedOptions): BatchMix | undefined {
  if (opts.augment === false) return undefined;
  const paste = opts.augment.paste ?? 0;
  const swapBackground = opts.augment.swapBackground ?? 0;
  return paste > 0 || swapBackground > 0 ? { paste, swapBackground, seed: opts.seed } : undefined;
}

/** Create a loader: a worker pool decoding and augmenting `samples` into a preallocated shared ring buffer. */
export function createLoader(options: LoaderOptions): Loader {
  const opts = resolveOptions(options);
  const [height, width] = opts.size;
  const n = opts.samples.length;
  const ring = new RingBuffer(ringLayout(opts.prefetch + 2, opts.batchSize, height, width));
  const cache = opts.cache === 'memory' ? new DecodeCache(cacheLayout(n, height, width)) : undefined;
  const runner = createTaskRunner(
    { ring: ring.buffer, ringLayout: ring.layout, cache: cache?.buffer, cacheLayout: cache?.layout, seed: opts.seed, augment: opts.augment, maskSource: opts.maskSource, foreground: opts.foreground },
    { threads: opts.threads, resourceLimits: opts.workerResourceLimits },
  );
  const stats = new LoaderStatsRecorder();
  // Every share still running, epoch over or not: close() aborts them and waits until they
  // settle before it destroys the pool, so every fill has published or abandoned its slot.
  const inFlight = new Set<Promise<unknown>>();
  const filling: BatchFillContext = {
    ring,
    runner,
    samples: opts.samples,
    threads: opts.threads,
    retries: opts.retries,
    onBadSample: opts.onBadSample,
    mix: batchMix(opts),
    track(run) {
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run)).catch(() => undefined);
    },
    busy: (ms) => stats.busy(ms),
  };
  let closed = false;
  let active: EpochIterator | undefined;

  // An async generator, so the checks run on the first next(), as the iteration starts.
  async function* epoch(e: number): AsyncGenerator<Batch> {
    if (closed) throw new LoaderStateError('epoch() called after close(); create a new loader');
    if (active !== undefined) throw new LoaderStateError(`epoch(${e}) called while another epoch is being iterated; finish or break out of it first`);
    checkInteger('epoch', e, 0);
    const batches = epochBatches(n, opts.batchSize, { seed: opts.seed, epoch: e, shuffle: opts.shuffle, dropRemainder: opts.dropRemainder });
    const iterator = new EpochIterator(
      {
        ring,
        prefetch: opts.prefetch,
        batchSize: opts.batchSize,
        fill: (claim, indices, signal) => fillBatch(filling, e, claim, indices, signal),
        stats,
        closed: () => closed,
      },
      e,
      batches,
    );
    active = iterator;
    try {
      yield* iterator.run();
    } finally {
      if (active === iterator) active = undefined;
    }
  }

  return {
    epoch,
    stepsPerEpoch: stepsPerEpoch(n, opts.batchSize, opts.dropRemainder),
    memory: { ringBytes: ring.layout.totalBytes, cacheBytes: cache?.layout.totalBytes ?? 0 },
    stats: () =>
      stats.snapshot({
        workerFailures: runner.failures(),
        cachedSamples: cache?.filled() ?? 0,
        ringBytes: ring.layout.totalBytes,
        cacheBytes: cache?.layout.totalBytes ?? 0,
        threads: opts.threads,
      }),
    async close() {
      if (closed) return;
      closed = true;
      active?.stop();
      ring.close();
      await Promise.allSettled([...inFlight]);
      await runner.destroy();
    },
  };
}
