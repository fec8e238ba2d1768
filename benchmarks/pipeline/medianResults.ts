import { quantile } from './measure.js';
import type { BenchResult } from './measure.js';

/** One row per (mode, maskSource, threads, batch), in first-seen order, each figure the median of its repetitions. */
export function medianResults(runs: BenchResult[]): BenchResult[] {
  const groups = new Map<string, BenchResult[]>();
  for (const r of runs) {
    const key = `${r.mode}/${r.maskSource}/${r.threads}/${r.batch}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => ({
    ...(g[0] as BenchResult),
    imagesPerSecond: quantile(g.map((r) => r.imagesPerSecond), 0.5),
    p50Ms: quantile(g.map((r) => r.p50Ms), 0.5),
    p95Ms: quantile(g.map((r) => r.p95Ms), 0.5),
    utilization: quantile(g.map((r) => r.utilization), 0.5),
  }));
}
