import { describe, expect, it } from 'vitest';
import { LoaderStatsRecorder } from './loaderStats.js';
import type { SkippedSample } from './loaderStats.js';

const fixed = { workerFailures: 2, cachedSamples: 5, ringBytes: 100, cacheBytes: 50, threads: 3 };
const skip = (index: number): SkippedSample => ({ index, id: `s${index}`, file: `s${index}.jpg`, reason: 'bad' });

describe('LoaderStatsRecorder', () => {
  it('is all zero before the first epoch', () => {
    const s = new LoaderStatsRecorder().snapshot(fixed);
    expect(s).toMatchObject({ epoch: undefined, batches: 0, samples: 0, imagesPerSecond: 0, waitMs: 0, skipped: 0, cacheHits: 0, workerBusyMs: 0, ...fixed });
  });

  it('counts the epoch from its start to its latest batch, and restarts with the next epoch', () => {
    const r = new LoaderStatsRecorder();
    r.startEpoch(0, 1000);
    r.handedOut({ size: 4, cacheHits: 1, fromRle: 2, emptyMasks: 1, fullMasks: 2, skipped: [] }, 30, 1500);
    r.handedOut({ size: 2, cacheHits: 0, fromRle: 0, emptyMasks: 0, fullMasks: 1, skipped: [] }, 10, 2000);
    r.busy(700);
    const e0 = r.snapshot(fixed);
    expect(e0).toMatchObject({ epoch: 0, batches: 2, samples: 6, imagesPerSecond: 6, waitMs: 40, cacheHits: 1, workerBusyMs: 700 });
    expect(e0.masksDecoded).toEqual({ rle: 2, file: 3 });
    expect(e0.masks).toEqual({ empty: 1, full: 3 });
    r.startEpoch(1, 5000);
    const e1 = r.snapshot(fixed);
    // Per-epoch counters restart; the loader's life counters go on.
    expect(e1).toMatchObject({ epoch: 1, batches: 0, samples: 0, imagesPerSecond: 0, waitMs: 0, masks: { empty: 0, full: 0 }, cacheHits: 1, workerBusyMs: 700 });
  });

  it('counts every skipped sample but lists only the first 100, and hands out copies', () => {
    const r = new LoaderStatsRecorder();
    r.startEpoch(0, 0);
    for (let b = 0; b < 30; b++) r.handedOut({ size: 1, cacheHits: 0, fromRle: 0, emptyMasks: 0, fullMasks: 0, skipped: [skip(b * 4), skip(b * 4 + 1), skip(b * 4 + 2), skip(b * 4 + 3)] }, 0, b);
    const s = r.snapshot(fixed);
    expect(s.skipped).toBe(120);
    expect(s.skippedSamples.map((x) => x.index)).toEqual([...Array(100).keys()]);
    s.skippedSamples.length = 0;
    expect(r.snapshot(fixed).skippedSamples.length).toBe(100);
  });
});
