// Filling one ring slot with one batch: one task message per worker share of the batch, a
// failed share rerun sample by sample to find the sample that kills its worker, then the gaps
// of bad samples closed, backgrounds swapped and objects pasted across the batch
// (augment.swapBackground, augment.paste), and the slot published.
//
// Slot ownership: the producer hands fillBatch a slot it claimed (FILLING); from then until
// fillBatch returns or throws, the slot is fillBatch's. Workers write only the positions of
// the tasks they were given. fillBatch always settles every task before it publishes or
// abandons the slot, so a slot never changes hands while a worker may still write into it.
import { createRng, hashSeed, type Sample } from '@maskflow/datasets';
import { applyPastes, drawPastes } from './augment/paste.js';
import { applySwaps, drawSwaps } from './augment/swapBackground.js';
import { SampleError, WorkerStartError } from './errors.js';
import type { SkippedSample } from './loaderStats.js';
import type { SampleResult, SampleTask } from './protocol.js';
import type { RingBuffer } from './ringBuffer.js';
import type { TaskRunner } from './taskRunner.js';

/** A FILLING slot claimed from the ring, with the batch sequence number that owns it. */
export interface SlotClaim {
  slot: number;
  generation: number;
}

/** A published (READY) slot and what went into it. */
export interface FilledBatch extends SlotClaim {
  /** Dataset indices of the kept samples, in slot order: positions 0 .. indices.length - 1. */
  indices: number[];
  skipped: SkippedSample[];
  /** Kept samples served from the memory cache, and decoded with a csv RLE mask. */
  cacheHits: number;
  fromRle: number;
  /** Kept samples whose mask, before augmentation, had no object pixel, and had only object pixels. */
  emptyMasks: number;
  fullMasks: number;
}

/** The across-batch augmentations of a loader (see augment/paste.ts, augment/swapBackground.ts). */
export interface BatchMix {
  paste: number;
  swapBackground: number;
  seed: number;
}

/** What fillBatch needs from the loader. */
export interface BatchFillContext {
  ring: RingBuffer;
  runner: TaskRunner;
  samples: readonly Sample[];
  threads: number;
  /** Times a sample is rerun alone after its worker failed on it, before it counts as bad. */
  retries: number;
  onBadSample: 'error' | 'skip';
  /** Augmentation across the batch: probabilities of augment.paste and augment.swapBackground, with the loader's seed; undefined: off. */
  mix?: BatchMix | undefined;
  /** Called with every share's promise, so close() can wait until no worker writes into the ring. */
  track(run: Promise<unknown>): void;
  /** Thread time spent on the samples of a batch, once all of them ran. */
  busy(ms: number): void;
}

/**
 * Cut `tasks` into at most `threads` contiguous shares (one when threads is 0) whose sizes
 * differ by one at most, larger first: 5 tasks on 4 threads are 2+1+1+1, not 2+2+1.
 */
export function splitShares<T>(tasks: readonly T[], threads: number): T[][] {
  const shares = Math.max(1, Math.min(threads, tasks.length));
  const base = Math.floor(tasks.length / shares);
  const larger = tasks.length % shares;
  const out: T[][] = [];
  for (let s = 0, at = 0; at < tasks.length; s++) {
    const size = base + (s < larger ? 1 : 0);
    out.push(tasks.slice(at, at + size));
    at += size;
  }
  return out;
}

/** Wait for every promise, then reject with the first rejection, if any: nothing is left running. */
async function allSettledOrThrow<T>(runs: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** Run one task alone up to `attempts` times; a worker failing it every time makes it a bad sample. */
async function runAlone(runner: TaskRunner, task: SampleTask, attempts: number, signal: AbortSignal): Promise<SampleResult> {
  let last: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return (await runner.run([task], signal))[0] as SampleResult;
    } catch (error) {
      if (signal.aborted || error instanceof WorkerStartError) throw error;
      last = error;
    }
  }
  const reason = last instanceof Error ? last.message : String(last);
  return { ok: false, file: task.imagePath, reason: `worker died or threw ${attempts} time(s) on this sample alone: ${reason}`, ms: 0 };
}

/**
 * Run one share in one message. If its worker fails, rerun its samples one at a time, each up
 * to 1 + retries times, so only the sample that kills a worker is lost, not its whole share.
 * A share of one sample already runs alone: its first run counts as the first attempt.
 */
export async function runShare(runner: TaskRunner, share: SampleTask[], retries: number, signal: AbortSignal): Promise<SampleResult[]> {
  if (share.length === 1) return [await runAlone(runner, share[0] as SampleTask, retries + 1, signal)];
  try {
    return await runner.run(share, signal);
  } catch (error) {
    // Workers that cannot start fail every sample alike: no sample is to blame.
    if (signal.aborted || error instanceof WorkerStartError) throw error;
    return allSettledOrThrow(share.map((task) => runAlone(runner, task, retries + 1, signal)));
  }
}

/** The id a message shows for sample `index`: its own id, else the index. */
function sampleId(samples: readonly Sample[], index: number): string {
  return (samples[index] as Sample).id ?? String(index);
}

/**
 * Swap backgrounds, then paste objects, across the kept samples of a filled slot, on this thread:
 * every worker of the batch is done with the slot, and it is not yet published, so nothing else
 * reads or writes it. The draws come from (seed, epoch, first kept index) on a stream no sample
 * uses (per-sample streams hash index >= 0, the shuffle -1), so thread count and timing cannot
 * change them; the pastes are drawn first and take the same numbers whatever their probability,
 * so turning one on changes no draw of the other.
 */
function mixAcross(ctx: BatchFillContext, mix: BatchMix, epoch: number, slot: number, kept: number[]): void {
  const { height, width } = ctx.ring.layout;
  const rng = createRng(hashSeed(mix.seed, epoch, -2 - (kept[0] as number)));
  const pastes = drawPastes(rng, mix.paste, kept.length);
  const swaps = drawSwaps(rng, mix.swapBackground, kept.length);
  const images = ctx.ring.images(slot, kept.length);
  const masks = ctx.ring.masks(slot, kept.length);
  applySwaps(images, masks, width, height, swaps);
  applyPastes(images, masks, width, height, pastes);
}

/**
 * Decode and augment the samples `indices` into the claimed slot, swap backgrounds and paste
 * objects across them (augment.swapBackground, augment.paste), then publish it (READY).
 * Bad samples are left out with onBadSample 'skip' (the kept ones move up to close the gap),
 * or abandon the slot and throw a SampleError with 'error'. An aborted run abandons the slot
 * and rejects with the abort reason.
 */
export async function fillBatch(ctx: BatchFillContext, epoch: number, claim: SlotClaim, indices: number[], signal: AbortSignal): Promise<FilledBatch> {
  const { ring, samples } = ctx;
  const tasks = indices.map((index, position): SampleTask => {
    const s = samples[index] as Sample;
    return { index, epoch, slot: claim.slot, position, id: sampleId(samples, index), imagePath: s.imagePath, maskPath: s.maskPath, rle: s.rle };
  });
  const runs = splitShares(tasks, ctx.threads).map((share) => runShare(ctx.runner, share, ctx.retries, signal));
  for (const run of runs) ctx.track(run);
  let results: SampleResult[];
  try {
    results = (await allSettledOrThrow(runs)).flat();
  } catch (error) {
    ring.abandon(claim.slot);
    throw error;
  }
  ctx.busy(results.reduce((ms, r) => ms + r.ms, 0));
  const kept: number[] = [];
  const skipped: SkippedSample[] = [];
  let cacheHits = 0;
  let fromRle = 0;
  let emptyMasks = 0;
  let fullMasks = 0;
  for (let p = 0; p < results.length; p++) {
    const r = results[p] as SampleResult;
    const index = indices[p] as number;
    if (r.ok) {
      if (r.cacheHit) cacheHits++;
      else if (r.maskFrom === 'rle') fromRle++;
      if (r.coverage === 'empty') emptyMasks++;
      else if (r.coverage === 'full') fullMasks++;
      if (p !== kept.length) ring.moveSample(claim.slot, p, kept.length);
      kept.push(index);
      continue;
    }
    if (ctx.onBadSample === 'error') {
      ring.abandon(claim.slot);
      throw new SampleError(index, sampleId(samples, index), r.file, r.reason);
    }
    skipped.push({ index, id: sampleId(samples, index), file: r.file, reason: r.reason });
  }
  if (ctx.mix !== undefined && kept.length > 1) mixAcross(ctx, ctx.mix, epoch, claim.slot, kept);
  ring.publish(claim.slot);
  return { ...claim, indices: kept, skipped, cacheHits, fromRle, emptyMasks, fullMasks };
}
