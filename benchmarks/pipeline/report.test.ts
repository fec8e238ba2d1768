import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './benchConfig.js';
import { throughputChart } from './chart.js';
import { medianWindowRate, quantile } from './measure.js';
import type { BenchResult } from './measure.js';
import { formatRecommendation, formatTable, recommend } from './report.js';
import { medianResults } from './medianResults.js';

const row = (threads: number, batch: number, mode: BenchResult['mode'], imagesPerSecond: number, maskSource: BenchResult['maskSource'] = 'rle'): BenchResult => ({
  threads,
  batch,
  mode,
  maskSource,
  imagesPerSecond,
  p50Ms: 10,
  p95Ms: 20,
  utilization: 0.97,
});

const results = [
  row(1, 8, 'baseline', 50),
  row(1, 8, 'cold', 80),
  row(2, 8, 'cold', 150),
  row(2, 16, 'cold', 160),
  row(2, 8, 'cold', 70, 'file'),
  row(1, 8, 'warm', 600),
  row(2, 8, 'warm', 1100),
];

describe('bench:pipeline report', () => {
  it('recommends the fastest cold setting and the cheapest meeting a target', () => {
    const rec = recommend(results, 4, 'rle', 100);
    expect(rec.maxThroughput).toEqual({ threads: 2, batch: 16, prefetch: 4, imagesPerSecond: 160 });
    expect(rec.target).toEqual({ imagesPerSecond: 100, met: true, threads: 2, batch: 8, prefetch: 4, measured: 150 });
    expect(recommend(results, 4, 'rle', 500).target).toEqual({ imagesPerSecond: 500, met: false, best: 160 });
    expect(formatRecommendation(recommend(results, 4, 'rle', 500))).toMatch(/not reached/);
  });

  it('prints gains over the baseline and over one thread', () => {
    const table = formatTable(results);
    const cold2 = table.split('\n').find((l) => l.startsWith('cold      rle           2      8'));
    expect(cold2).toMatch(/150\.0 .* 97% +3\.00x +1\.88x$/);
    expect(table.split('\n')).toHaveLength(results.length + 2);
  });

  it('draws one line per batch size and mode', () => {
    const svg = throughputChart(results, 'rle');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(3); // cold 8, cold 16, warm 8
    expect(svg).toContain('batch 16');
  });

  it('rates throughput as the median of three windows, ignoring one slow burst', () => {
    expect(medianWindowRate([8, 8, 8, 8, 8, 8], [10, 10, 80, 80, 10, 10])).toBeCloseTo(800);
  });

  it('reports the median of repetitions per row', () => {
    const runs = [row(2, 8, 'cold', 100), row(2, 8, 'warm', 900), row(2, 8, 'cold', 140), row(2, 8, 'warm', 700), row(2, 8, 'cold', 120), row(2, 8, 'warm', 1000)];
    expect(medianResults(runs).map((r) => [r.mode, r.imagesPerSecond])).toEqual([['cold', 120], ['warm', 900]]);
  });

  it('takes nearest-rank quantiles', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
  });

  it('parses flags and names a bad one', () => {
    const c = parseBenchArgs(['--threads', '1,2', '--batch-sizes', '8', '--mask-source', 'file', '--json', '--prefetch', '3']);
    expect(c).toMatchObject({ threads: [1, 2], batchSizes: [8], maskSources: ['file'], json: true, prefetch: 3, warmupBatches: 5, size: 256 });
    expect(() => parseBenchArgs(['--threads', 'two'])).toThrow(/--threads/);
    expect(() => parseBenchArgs(['--mask-source', 'gif'])).toThrow(/--mask-source/);
  });
});
