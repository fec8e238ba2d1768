import { createLoader } from '@maskflow/pipeline';
import type { LoaderOptions } from '@maskflow/pipeline';

/** One measured configuration; the JSON schema of `pnpm bench:pipeline --json` results. */
export interface BenchResult {
  threads: number;
  batch: number;
  mode: 'cold' | 'warm' | 'baseline';
  maskSource: 'rle' | 'file';
  imagesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** Share of the timed wall time the threads spent on samples (1 = the workers never waited for work). */
  utilization: number;
}

/** The q-quantile (0..1) of `values`, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Options of measureLoader. */
export interface MeasureOptions {
  loader: LoaderOptions;
  /** Batches to time, after `skipBatches` untimed ones. */
  batches: number;
  skipBatches: number;
  /** Run one full untimed epoch first (fills a memory cache). */
  fillEpoch: boolean;
}

/** Images/s as the median over three consecutive windows of the timed batches, so one burst of
 * load from other processes on a shared machine moves the figure less than a plain mean. */
export function medianWindowRate(sizes: number[], latenciesMs: number[], windows = 3): number {
  const n = Math.max(1, Math.min(windows, sizes.length));
  const rates: number[] = [];
  for (let w = 0; w < n; w++) {
    const from = Math.floor((w * sizes.length) / n);
    const to = Math.floor(((w + 1) * sizes.length) / n);
    let images = 0;
    let ms = 0;
    for (let i = from; i < to; i++) {
      images += sizes[i] as number;
      ms += latenciesMs[i] as number;
    }
    rates.push(ms > 0 ? (images / ms) * 1000 : Number.POSITIVE_INFINITY);
  }
  return quantile(rates, 0.5);
}

/**
 * Iterate epochs until `batches` batches were timed, after skipping `skipBatches`. Latency of
 * a batch: from asking the iterator for it to having it (the consumer does nothing else, so in
 * steady state this is the time between batches). Throughput: see medianWindowRate.
 */
export async function measureLoader(
  o: MeasureOptions,
): Promise<{ imagesPerSecond: number; p50Ms: number; p95Ms: number; utilization: number; samples: number }> {
  const loader = createLoader(o.loader);
  try {
    let epoch = 0;
    if (o.fillEpoch) for await (const b of loader.epoch(epoch++)) b.release();
    const latencies: number[] = [];
    let skipped = 0;
    const sizes: number[] = [];
    let busyAt: { ms: number; wall: number } | undefined;
    while (latencies.length < o.batches) {
      const it = loader.epoch(epoch++);
      for (;;) {
        const t0 = performance.now();
        const next = await it.next();
        const t1 = performance.now();
        if (next.done === true) break;
        next.value.release();
        if (skipped < o.skipBatches) {
          skipped++;
          continue;
        }
        busyAt ??= { ms: loader.stats().workerBusyMs, wall: t0 };
        latencies.push(t1 - t0);
        sizes.push(next.value.size);
        if (latencies.length >= o.batches) {
          await it.return?.(undefined);
          break;
        }
      }
    }
    const samples = sizes.reduce((a, b) => a + b, 0);
    const threads = Math.max(1, o.loader.threads ?? 2);
    const busy = busyAt ? (loader.stats().workerBusyMs - busyAt.ms) / (threads * (performance.now() - busyAt.wall)) : Number.NaN;
    return { imagesPerSecond: medianWindowRate(sizes, latencies), p50Ms: quantile(latencies, 0.5), p95Ms: quantile(latencies, 0.95), utilization: busy, samples };
  } finally {
    await loader.close();
  }
}
