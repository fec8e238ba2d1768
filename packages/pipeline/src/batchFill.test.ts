import { describe, expect, it } from 'vitest';
import type { Sample } from '@maskflow/datasets';
import { fillBatch, runShare, splitShares } from './batchFill.js';
import type { BatchFillContext } from './batchFill.js';
import { SampleError, WorkerStartError } from './errors.js';
import { ringLayout, slotImageOffset, slotMaskOffset } from './protocol.js';
import type { SampleResult, SampleTask } from './protocol.js';
import { RingBuffer, SlotState } from './ringBuffer.js';
import type { TaskRunner } from './taskRunner.js';

const samples: Sample[] = Array.from({ length: 8 }, (_, i) => ({ id: `car${i}`, group: `car${i}`, imagePath: `/data/car${i}.jpg`, maskPath: undefined, rle: '1 1' }));

/**
 * A runner standing in for the worker pool: it writes the sample index + 1 into the task's slot
 * position, reports `bad` indices as bad samples, and fails (as a dying worker does) any run
 * that contains a `poison` index. `runs` records the indices of every run.
 */
function fakeRunner(ring: RingBuffer, opts: { bad?: number[]; poison?: number[] } = {}): TaskRunner & { runs: number[][] } {
  const bytes = new Uint8Array(ring.buffer);
  const pixels = ring.layout.height * ring.layout.width;
  const runs: number[][] = [];
  let failures = 0;
  return {
    runs,
    async run(tasks: SampleTask[], signal: AbortSignal): Promise<SampleResult[]> {
      runs.push(tasks.map((t) => t.index));
      await Promise.resolve();
      signal.throwIfAborted();
      if (tasks.some((t) => opts.poison?.includes(t.index))) {
        failures++;
        throw new Error('Worker terminated due to reaching memory limit: JS heap out of memory');
      }
      return tasks.map((t): SampleResult => {
        if (opts.bad?.includes(t.index)) return { ok: false, file: t.imagePath, reason: 'Invalid SOI marker', ms: 1 };
        const image = slotImageOffset(ring.layout, t.slot, t.position);
        bytes.fill(t.index + 1, image, image + pixels * 3);
        const mask = slotMaskOffset(ring.layout, t.slot, t.position);
        bytes.fill(t.index + 1, mask, mask + pixels);
        return { ok: true, cacheHit: t.index === 0, maskFrom: 'rle', coverage: 'some', ms: 2 };
      });
    },
    failures: () => failures,
    destroy: async () => undefined,
  };
}

function context(ring: RingBuffer, runner: TaskRunner, overrides: Partial<BatchFillContext> = {}): BatchFillContext & { busyMs: number } {
  const ctx = { ring, runner, samples, threads: 2, retries: 1, onBadSample: 'skip' as const, track: () => undefined, busyMs: 0, busy: (ms: number) => {
      ctx.busyMs += ms;
    }, ...overrides };
  return ctx;
}

/** The first byte of every image of `slot` among its first `count`. */
function imageMarks(ring: RingBuffer, slot: number, count: number): number[] {
  const size = ring.layout.height * ring.layout.width * 3;
  return Array.from({ length: count }, (_, p) => ring.images(slot, count)[p * size] as number);
}

describe('splitShares', () => {
  it('gives every thread a share whose sizes differ by one at most, in order', () => {
    const sizes = (n: number, threads: number): number[] => splitShares([...Array(n).keys()], threads).map((s) => s.length);
    expect(sizes(5, 4)).toEqual([2, 1, 1, 1]);
    expect(sizes(10, 4)).toEqual([3, 3, 2, 2]);
    expect(sizes(8, 2)).toEqual([4, 4]);
    expect(sizes(3, 8)).toEqual([1, 1, 1]);
    expect(sizes(6, 1)).toEqual([6]);
    expect(sizes(6, 0)).toEqual([6]); // inline: one share
    expect(splitShares([], 4)).toEqual([]);
    expect(splitShares([...Array(7).keys()], 3).flat()).toEqual([...Array(7).keys()]);
  });
});

describe('runShare', () => {
  it('reruns a failed share sample by sample, so only the sample that kills its worker is lost', async () => {
    const ring = new RingBuffer(ringLayout(2, 4, 1, 1));
    const runner = fakeRunner(ring, { poison: [2] });
    const tasks = [1, 2, 3].map((index, position): SampleTask => ({ index, epoch: 0, slot: 0, position, id: `car${index}`, imagePath: `/data/car${index}.jpg`, maskPath: undefined, rle: '1 1' }));
    const results = await runShare(runner, tasks, 1, new AbortController().signal);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ file: '/data/car2.jpg', reason: expect.stringMatching(/worker died or threw 2 time\(s\) on this sample alone: .*heap out of memory/) });
    // The share once, then each sample alone; the poisoned one 1 + retries times.
    expect(runner.runs).toEqual([[1, 2, 3], [1], [2], [3], [2]]);
  });

  it('counts the run of a one-sample share as its first attempt alone', async () => {
    const ring = new RingBuffer(ringLayout(2, 4, 1, 1));
    const runner = fakeRunner(ring, { poison: [5] });
    const task: SampleTask = { index: 5, epoch: 0, slot: 0, position: 0, id: 'car5', imagePath: '/data/car5.jpg', maskPath: undefined, rle: '1 1' };
    const [result] = await runShare(runner, [task], 2, new AbortController().signal);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/3 time\(s\)/) });
    expect(runner.runs).toEqual([[5], [5], [5]]);
  });

  it('does not retry samples one by one when the workers cannot start: no sample is to blame', async () => {
    const ring = new RingBuffer(ringLayout(3, 4, 1, 1));
    const runs: number[][] = [];
    const runner: TaskRunner = {
      run: async (tasks) => {
        runs.push(tasks.map((t) => t.index));
        throw new WorkerStartError('worker.js', 'Cannot find package tsx');
      },
      failures: () => 0,
      destroy: async () => undefined,
    };
    const claim = (await ring.acquire())!;
    await expect(fillBatch(context(ring, runner), 0, claim, [0, 1, 2, 3], new AbortController().signal)).rejects.toBeInstanceOf(WorkerStartError);
    expect(runs).toEqual([[0, 1], [2, 3]]);
    expect(ring.state(claim.slot)).toBe(SlotState.FREE);
  });

  it('does not retry once aborted', async () => {
    const ring = new RingBuffer(ringLayout(2, 4, 1, 1));
    const runner = fakeRunner(ring, { poison: [1] });
    const abort = new AbortController();
    const tasks = [0, 1].map((index, position): SampleTask => ({ index, epoch: 0, slot: 0, position, id: '', imagePath: '', maskPath: undefined, rle: undefined }));
    const pending = runShare(runner, tasks, 3, abort.signal);
    abort.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect(runner.runs).toEqual([[0, 1]]);
  });
});

describe('fillBatch', () => {
  it('splits the batch over the threads and publishes the slot with every sample in place', async () => {
    const ring = new RingBuffer(ringLayout(3, 4, 2, 2));
    const runner = fakeRunner(ring);
    const ctx = context(ring, runner, { threads: 3 });
    const claim = (await ring.acquire())!;
    const filled = await fillBatch(ctx, 0, claim, [6, 2, 0, 4], new AbortController().signal);
    expect(runner.runs).toEqual([[6, 2], [0], [4]]);
    expect(ring.state(claim.slot)).toBe(SlotState.READY);
    expect(filled).toMatchObject({ ...claim, indices: [6, 2, 0, 4], skipped: [], cacheHits: 1, fromRle: 3 });
    expect(imageMarks(ring, claim.slot, 4)).toEqual([7, 3, 1, 5]);
    expect(ctx.busyMs).toBe(8);
  });

  it("with onBadSample 'skip' moves the kept samples up over the gaps, images and masks alike", async () => {
    const ring = new RingBuffer(ringLayout(3, 4, 2, 2));
    const ctx = context(ring, fakeRunner(ring, { bad: [1, 3] }));
    const claim = (await ring.acquire())!;
    const filled = await fillBatch(ctx, 0, claim, [1, 2, 3, 4], new AbortController().signal);
    expect(filled.indices).toEqual([2, 4]);
    expect(filled.skipped).toEqual([
      { index: 1, id: 'car1', file: '/data/car1.jpg', reason: 'Invalid SOI marker' },
      { index: 3, id: 'car3', file: '/data/car3.jpg', reason: 'Invalid SOI marker' },
    ]);
    expect(imageMarks(ring, claim.slot, 2)).toEqual([3, 5]);
    expect([...ring.masks(claim.slot, 2)]).toEqual([3, 3, 3, 3, 5, 5, 5, 5]);
    expect(ring.state(claim.slot)).toBe(SlotState.READY);
  });

  it('publishes an empty batch when every sample is skipped', async () => {
    const ring = new RingBuffer(ringLayout(3, 2, 1, 1));
    const claim = (await ring.acquire())!;
    const filled = await fillBatch(context(ring, fakeRunner(ring, { bad: [0, 1] })), 0, claim, [0, 1], new AbortController().signal);
    expect(filled.indices).toEqual([]);
    expect(ring.state(claim.slot)).toBe(SlotState.READY);
  });

  it("with onBadSample 'error' frees the slot and throws naming the sample and the file", async () => {
    const ring = new RingBuffer(ringLayout(3, 4, 1, 1));
    const ctx = context(ring, fakeRunner(ring, { bad: [3] }), { onBadSample: 'error' });
    const claim = (await ring.acquire())!;
    const error = await fillBatch(ctx, 0, claim, [2, 3, 4], new AbortController().signal).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SampleError);
    expect((error as Error).message).toMatch(/^Sample 3 \(car3\) failed: \/data\/car3\.jpg: Invalid SOI marker/);
    expect(ring.state(claim.slot)).toBe(SlotState.FREE);
  });

  it('frees the slot only after every share has settled when the fill is aborted', async () => {
    const ring = new RingBuffer(ringLayout(3, 4, 1, 1));
    let finishSlow: (() => void) | undefined;
    const runner: TaskRunner = {
      run: (tasks, signal) =>
        tasks[0]?.index === 0
          ? Promise.reject(signal.reason as Error) // aborted at once
          : new Promise((resolve) => (finishSlow = () => resolve(tasks.map(() => ({ ok: true, cacheHit: false, maskFrom: 'rle', ms: 0 }) as SampleResult)))),
      failures: () => 0,
      destroy: async () => undefined,
    };
    const tracked: Promise<unknown>[] = [];
    const abort = new AbortController();
    abort.abort();
    const claim = (await ring.acquire())!;
    const pending = fillBatch(context(ring, runner, { track: (run) => void tracked.push(run) }), 0, claim, [0, 1, 2, 3], abort.signal);
    pending.catch(() => undefined);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    // One share is still "writing": the slot stays FILLING, owned by the fill.
    expect(ring.state(claim.slot)).toBe(SlotState.FILLING);
    expect(tracked.length).toBe(2);
    finishSlow?.();
    await expect(pending).rejects.toThrow(/abort/i);
    expect(ring.state(claim.slot)).toBe(SlotState.FREE);
  });
});
