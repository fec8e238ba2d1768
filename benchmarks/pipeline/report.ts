import type { BenchResult } from './measure.js';

/** What the bench recommends: the fastest cold setting, and the cheapest one meeting a target. */
export interface Recommendation {
  maxThroughput: { threads: number; batch: number; prefetch: number; imagesPerSecond: number } | undefined;
  target:
    | { imagesPerSecond: number; met: true; threads: number; batch: number; prefetch: number; measured: number }
    | { imagesPerSecond: number; met: false; best: number }
    | undefined;
}

/**
 * Recommend (threads, batch, prefetch) from cold results with the given mask source: the
 * highest throughput, and for a target the fewest threads (then smallest batch) reaching it.
 */
export function recommend(results: BenchResult[], prefetch: number, maskSource: 'rle' | 'file', targetImgS?: number): Recommendation {
  const cold = results.filter((r) => r.mode === 'cold' && r.maskSource === maskSource);
  const best = cold.reduce<BenchResult | undefined>((a, r) => (a === undefined || r.imagesPerSecond > a.imagesPerSecond ? r : a), undefined);
  const maxThroughput = best && { threads: best.threads, batch: best.batch, prefetch, imagesPerSecond: best.imagesPerSecond };
  if (targetImgS === undefined) return { maxThroughput, target: undefined };
  const meeting = cold
    .filter((r) => r.imagesPerSecond >= targetImgS)
    .sort((a, b) => a.threads - b.threads || a.batch - b.batch);
  const pick = meeting[0];
  return {
    maxThroughput,
    target: pick
      ? { imagesPerSecond: targetImgS, met: true, threads: pick.threads, batch: pick.batch, prefetch, measured: pick.imagesPerSecond }
      : { imagesPerSecond: targetImgS, met: false, best: best?.imagesPerSecond ?? 0 },
  };
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/**
 * A fixed-width table for people: one row per result, the share of time the threads were busy
 * on samples, and the pool's gain over the no-pool baseline and over one thread.
 */
export function formatTable(results: BenchResult[]): string {
  const baseline = new Map(results.filter((r) => r.mode === 'baseline').map((r) => [`${r.batch}/${r.maskSource}`, r.imagesPerSecond]));
  const oneThread = new Map(results.filter((r) => r.threads === 1).map((r) => [`${r.mode}/${r.batch}/${r.maskSource}`, r.imagesPerSecond]));
  const head = ['mode', 'masks', 'threads', 'batch', 'img/s', 'p50 ms', 'p95 ms', 'busy', 'vs base', 'vs 1 thr'];
  const widths = [9, 6, 8, 6, 9, 8, 8, 5, 8, 9];
  const rows = results.map((r) => {
    const base = r.mode === 'cold' ? baseline.get(`${r.batch}/${r.maskSource}`) : undefined;
    const one = r.mode !== 'baseline' && r.threads !== 1 ? oneThread.get(`${r.mode}/${r.batch}/${r.maskSource}`) : undefined;
    return [
      r.mode,
      r.maskSource,
      r.mode === 'baseline' ? 'no pool' : String(r.threads),
      String(r.batch),
      r.imagesPerSecond.toFixed(1),
      r.p50Ms.toFixed(1),
      r.p95Ms.toFixed(1),
      Number.isFinite(r.utilization) ? `${Math.round(r.utilization * 100)}%` : '',
      base ? `${(r.imagesPerSecond / base).toFixed(2)}x` : '',
      one ? `${(r.imagesPerSecond / one).toFixed(2)}x` : '',
    ];
  });
  const line = (cells: string[]): string => cells.map((c, i) => pad(c, widths[i] as number, i >= 2)).join(' ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join(' '), ...rows.map(line)].join('\n');
}

/** The recommendation in words. */
export function formatRecommendation(rec: Recommendation): string {
  const lines: string[] = [];
  const m = rec.maxThroughput;
  if (m) lines.push(`max throughput: threads ${m.threads}, batch ${m.batch}, prefetch ${m.prefetch} (${m.imagesPerSecond.toFixed(1)} img/s cold)`);
  const t = rec.target;
  if (t?.met === true) {
    lines.push(`for ${t.imagesPerSecond} img/s: threads ${t.threads}, batch ${t.batch}, prefetch ${t.prefetch} (${t.measured.toFixed(1)} img/s cold)`);
  } else if (t?.met === false) {
    lines.push(`for ${t.imagesPerSecond} img/s: not reached cold (best ${t.best.toFixed(1)} img/s); use cache: 'memory' (warm rows) or more threads`);
  }
  return lines.join('\n');
}
