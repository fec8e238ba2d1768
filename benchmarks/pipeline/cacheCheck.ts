import type { Sample } from '@maskflow/datasets';
import { createLoader, estimateCacheBytes, formatBytes } from '@maskflow/pipeline';

/** Peak resident memory after filling a memory cache of `count` samples. */
export interface CacheCheck {
  samples: number;
  statedCacheBytes: number;
  peakRssMiB: number;
  seconds: number;
}

/**
 * Fill a memory cache of `count` samples (the data set's files repeated when it has fewer, each
 * a distinct cache entry) with one epoch at `size`, and report the process's peak RSS: the
 * check for "Carvana's 5088 samples cached, RSS <= 2 GB". The cache size is stated through
 * `log` before the loader allocates it.
 */
export async function cacheCheck(samples: Sample[], count: number, size: [number, number], threads: number, log: (line: string) => void): Promise<CacheCheck> {
  const many = Array.from({ length: count }, (_, i) => ({ ...(samples[i % samples.length] as Sample), id: `copy${i}` }));
  const stated = estimateCacheBytes(count, size);
  log(`cache check: ${count} samples at ${size[0]}x${size[1]} need ${formatBytes(stated)} of cache; filling it with ${threads} threads ...`);
  const t0 = performance.now();
  const loader = createLoader({ samples: many, size, batchSize: 16, threads, cache: 'memory', shuffle: false });
  try {
    for await (const b of loader.epoch(0)) b.release();
  } finally {
    await loader.close();
  }
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  return { samples: count, statedCacheBytes: stated, peakRssMiB, seconds: (performance.now() - t0) / 1000 };
}
