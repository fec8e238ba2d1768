// One epoch over the ring buffer: a producer that claims slots in cyclic order and starts
// filling them, up to `prefetch` batches beyond the one the consumer asked for, and the
// consumer (the async generator) that hands the batches out in order.
//
// Both sides run on the main thread and never block it: the producer waits for a FREE slot
// with Atomics.waitAsync (inside ring.acquire()), and producer and consumer wake each other
// through Wakeups on every step (a batch started or finished, the consumer moved on, stop).
// Slot ownership along the way: the producer from acquire() until it hands the claim to
// fill(), fill() until it publishes (READY) or abandons, the consumer from take() until the
// user calls batch.release(). On the way out (finished, break, error or close) the consumer
// waits for the producer and every fill it started, and abandons the batches never taken, so
// the next epoch finds every slot FREE except those the user still holds.
import { setMaxListeners } from 'node:events';
import type { FilledBatch, SlotClaim } from './batchFill.js';
import { RingBufferError } from './errors.js';
import type { LoaderStatsRecorder } from './loaderStats.js';
import type { RingBuffer } from './ringBuffer.js';
import { SlotState } from './ringBuffer.js';

/**
 * One batch: views into a ring buffer slot, valid until release().
 * CAUTION: the views are not copies. Call release() exactly once, after the last use of
 * images/masks (e.g. after building tensors from them); the slot is then refilled.
 */
export interface Batch {
  /** batch.size x H x W x 3 RGB, uint8 0..255 (scale by 1/255 on the model side). */
  images: Uint8Array;
  /** batch.size x H x W, values 0/1. */
  masks: Uint8Array;
  /** Dataset indices of the samples, in batch order. */
  indices: number[];
  /** Samples in this batch: batchSize, fewer in a partial last batch or after skipped samples. */
  size: number;
  /** Hand the slot back for refilling; exactly once, after the last use of images/masks. */
  release(): void;
}

/** What an epoch needs from its loader. */
export interface EpochSource {
  ring: RingBuffer;
  prefetch: number;
  batchSize: number;
  /** Fill the claimed slot with the samples `indices`: resolves once it is READY, rejects once it is abandoned. */
  fill(claim: SlotClaim, indices: number[], signal: AbortSignal): Promise<FilledBatch>;
  stats: LoaderStatsRecorder;
  /** True once the loader is closed: the iteration then ends quietly, without an error. */
  closed(): boolean;
}

/** Promises the producer and the consumer wait on; wake() resolves every pending one. */
class Wakeups {
  private waiters: (() => void)[] = [];

  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    const woken = this.waiters;
    this.waiters = [];
    for (const w of woken) w();
  }
}

/** The batches of one epoch, produced into the ring ahead of the consumer (see the top of this file). */
export class EpochIterator {
  private readonly abort = new AbortController();
  private readonly wakeups = new Wakeups();
  private readonly produced: Promise<FilledBatch>[] = [];
  private consumerAt = 0;
  private stopping = false;
  /** The slot the producer waits on in acquire(), if it waits. */
  private waitingFor: number | undefined = undefined;

  /** Epoch `epoch` of `source`; `batches` holds the dataset indices of each batch, in order. */
  constructor(
    private readonly source: EpochSource,
    readonly epoch: number,
    private readonly batches: readonly number[][],
  ) {
    // Every queued task listens on this signal: up to (prefetch + 2) x batchSize at once.
    setMaxListeners((source.prefetch + 3) * source.batchSize + 16, this.abort.signal);
  }

  /** For close(): abort every task in flight and wake a consumer waiting for a batch (it then sees closed()). */
  stop(): void {
    this.abort.abort();
    this.wakeups.wake();
  }

  /** Hand out the batches in order; iterate once. Ends early, without error, when the loader closes. */
  async *run(): AsyncGenerator<Batch> {
    const { ring, stats } = this.source;
    const taken = new Set<number>();
    stats.startEpoch(this.epoch, performance.now());
    const producer = this.produce().finally(() => this.wakeups.wake()); // a consumer may wait for a batch that will never come
    try {
      for (let b = 0; b < this.batches.length; b++) {
        this.consumerAt = b;
        this.wakeups.wake();
        const t0 = performance.now();
        while (this.produced[b] === undefined) {
          if (this.source.closed()) return;
          // The producer waits for a slot the consumer holds: it would wait forever.
          if (this.waitingFor !== undefined && ring.state(this.waitingFor) === SlotState.READING) {
            throw new RingBufferError(
              `batch ${b} of epoch ${this.epoch} needs ring slot ${this.waitingFor}, which an earlier batch still holds: every slot is either ` +
                `held or queued. Call batch.release() once you are done with a batch, before asking for more than prefetch + 1 ahead.`,
            );
          }
          await this.wakeups.next();
        }
        let filled: FilledBatch;
        try {
          filled = await (this.produced[b] as Promise<FilledBatch>);
        } catch (error) {
          if (this.source.closed()) return;
          throw error;
        }
        if (this.source.closed()) return;
        taken.add(b);
        ring.take(filled.slot);
        const now = performance.now();
        stats.handedOut({ size: filled.indices.length, cacheHits: filled.cacheHits, fromRle: filled.fromRle, emptyMasks: filled.emptyMasks, fullMasks: filled.fullMasks, skipped: filled.skipped }, now - t0, now);
        const batch = this.handOut(filled, b);
        if (batch.size === 0) {
          batch.release(); // every sample of it was skipped
          continue;
        }
        yield batch;
      }
    } finally {
      this.stopping = true;
      this.wakeups.wake();
      ring.wake();
      await producer;
      // Abandon what was produced but never taken; settled first, so no worker still writes.
      const leftovers = await Promise.allSettled(this.produced.filter((_, b) => !taken.has(b)));
      for (const r of leftovers) {
        const state = r.status === 'fulfilled' ? ring.state(r.value.slot) : undefined;
        if (r.status === 'fulfilled' && (state === SlotState.READY || state === SlotState.FILLING)) ring.abandon(r.value.slot);
      }
    }
  }

  /** Claim slots in order and start their fills, at most `prefetch` batches beyond the consumer's. */
  private async produce(): Promise<void> {
    const { ring, prefetch } = this.source;
    for (let b = 0; b < this.batches.length; b++) {
      while (!this.stopping && b > this.consumerAt + prefetch) await this.wakeups.next();
      if (this.stopping) return;
      this.waitingFor = ring.nextSlot();
      this.wakeups.wake(); // the consumer checks whether that slot is one it holds
      const claim = await ring.acquire(() => this.stopping);
      this.waitingFor = undefined;
      if (claim === undefined) return;
      if (this.stopping) {
        ring.abandon(claim.slot);
        return;
      }
      const filled = this.source.fill(claim, this.batches[b] as number[], this.abort.signal);
      filled.catch(() => undefined); // observed by the consumer, in order
      void filled.finally(() => this.wakeups.wake()).catch(() => undefined);
      this.produced[b] = filled;
      this.wakeups.wake();
    }
  }

  /** The Batch the user sees for the slot of batch `b`, with its one-time release(). */
  private handOut(filled: FilledBatch, b: number): Batch {
    const { ring } = this.source;
    const { slot, generation } = filled;
    const size = filled.indices.length;
    let released = false;
    return {
      images: ring.images(slot, size),
      masks: ring.masks(slot, size),
      indices: filled.indices,
      size,
      release: () => {
        if (released) throw new RingBufferError(`release() called twice on batch ${b} of epoch ${this.epoch}; call it exactly once`);
        released = true;
        ring.release(slot, generation);
      },
    };
  }
}
