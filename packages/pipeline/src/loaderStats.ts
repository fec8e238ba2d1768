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
