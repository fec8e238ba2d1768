/** A sample left out under onBadSample: 'skip'. */
export interface SkippedSample {
  index: number;
  id: string;
  file: string;
  reason: string;
}

/** What loader.stats() reports: counters of the current (or last) epoch and of the loader's life. */
export interface LoaderStats {
  /** The epoch being iterated or last iterated; undefined before the first. */
  epoch: number | undefined;
  /** Batches and samples handed out in that epoch. */
  batches: number;
  samples: number;
  /** Images a second handed out in that epoch, from its start to its latest batch. */
  imagesPerSecond: number;
  /** Milliseconds the consumer waited for batches in that epoch (0 means the pipeline kept up). */
  waitMs: number;
  /**
   * Samples of that epoch whose mask, as read and before augmentation, had no object pixel
   * (empty) or only object pixels (full): when every mask is one of them, the data can teach
   * only one class (masks drawn in a way the decoder does not read, a label map's background).
   */
  masks: { empty: number; full: number };
  /** Samples left out as bad over the loader's life (onBadSample: 'skip'); the first 100 are listed. */
  skipped: number;
  skippedSamples: SkippedSample[];
  /** Worker failures (thrown or died, each replaced) over the loader's life. */
  workerFailures: number;
  /** Samples served from the memory cache over the loader's life, and samples cached now. */
  cacheHits: number;
  cachedSamples: number;
  /** Masks decoded (not served from the cache) over the loader's life, by source: csv RLE or mask file. */
  masksDecoded: { rle: number; file: number };
  /** Shared memory: ring buffer and decode cache bytes. */
  ringBytes: number;
  cacheBytes: number;
  threads: number;
  /**
   * Milliseconds the threads spent on samples over the loader's life, counted when a batch
   * completes. Its growth over a wall-clock interval, divided by threads x interval, is the
   * pool's utilisation: near 1 means the workers never waited for work.
   */
  workerBusyMs: number;
}

/** What a batch handed to the consumer adds to the counters. */
export interface HandedOut {
  /** Samples in the batch. */
  size: number;
  /** Of those, served from the memory cache, and decoded with a csv RLE mask (the rest: from the mask file). */
  cacheHits: number;
  fromRle: number;
  /** Of those, masks with no object pixel and masks all object, before augmentation. */
  emptyMasks: number;
  fullMasks: number;
  skipped: readonly SkippedSample[];
}

/** Keeps at most this many skipped samples for stats().skippedSamples; the count goes on. */
const SKIPPED_LISTED = 100;

/** Where the loader's counters live; snapshot() turns them into LoaderStats. */
export class LoaderStatsRecorder {
  private epoch: number | undefined = undefined;
  private batches = 0;
  private samples = 0;
  private startedAt = 0;
  private lastAt = 0;
  private waitMs = 0;
  private emptyMasks = 0;
  private fullMasks = 0;
  private readonly life = { skipped: 0, cacheHits: 0, fromRle: 0, fromFile: 0, busyMs: 0 };
  private readonly skippedSamples: SkippedSample[] = [];

  /** Epoch `epoch` starts at `now` (ms): its counters start from zero. */
  startEpoch(epoch: number, now: number): void {
    this.epoch = epoch;
    this.batches = 0;
    this.samples = 0;
    this.startedAt = now;
    this.lastAt = now;
    this.waitMs = 0;
    this.emptyMasks = 0;
    this.fullMasks = 0;
  }

  /**
   * A batch was handed to the consumer at `now` after it waited `waitMs` for it. Counted when
   * handed out, in batch order, so stats() never runs ahead of what the consumer has seen.
   */
  handedOut(batch: HandedOut, waitMs: number, now: number): void {
    this.batches++;
    this.samples += batch.size;
    this.waitMs += waitMs;
    this.emptyMasks += batch.emptyMasks;
    this.fullMasks += batch.fullMasks;
    this.lastAt = now;
    this.life.cacheHits += batch.cacheHits;
    this.life.fromRle += batch.fromRle;
    this.life.fromFile += batch.size - batch.cacheHits - batch.fromRle;
    this.life.skipped += batch.skipped.length;
    for (const s of batch.skipped) if (this.skippedSamples.length < SKIPPED_LISTED) this.skippedSamples.push(s);
  }

  /** Threads spent `ms` on the samples of a batch that just completed (handed out or not). */
  busy(ms: number): void {
    this.life.busyMs += ms;
  }

  /** The counters as LoaderStats, with the figures the recorder does not own filled in by the loader. */
  snapshot(from: Pick<LoaderStats, 'workerFailures' | 'cachedSamples' | 'ringBytes' | 'cacheBytes' | 'threads'>): LoaderStats {
    const seconds = (this.lastAt - this.startedAt) / 1000;
    return {
      epoch: this.epoch,
      batches: this.batches,
      samples: this.samples,
      imagesPerSecond: seconds > 0 ? this.samples / seconds : 0,
      waitMs: this.waitMs,
      masks: { empty: this.emptyMasks, full: this.fullMasks },
      skipped: this.life.skipped,
      skippedSamples: [...this.skippedSamples],
      workerFailures: from.workerFailures,
      cacheHits: this.life.cacheHits,
      masksDecoded: { rle: this.life.fromRle, file: this.life.fromFile },
      cachedSamples: from.cachedSamples,
      ringBytes: from.ringBytes,
      cacheBytes: from.cacheBytes,
      threads: from.threads,
      workerBusyMs: this.life.busyMs,
    };
  }
}
