import { describe, expect, it } from 'vitest';
import type { FilledBatch, SlotClaim } from './batchFill.js';
import { EpochIterator } from './epochIterator.js';
import type { EpochSource } from './epochIterator.js';
import { RingBufferError } from './errors.js';
import { LoaderStatsRecorder } from './loaderStats.js';
import { ringLayout } from './protocol.js';
import { RingBuffer, SlotState } from './ringBuffer.js';

/** Let every pending promise callback and Atomics.waitAsync wake-up run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

interface PendingFill {
  claim: SlotClaim;
  indices: number[];
  finished: boolean;
  /** Write the first index into the slot's images, publish it and resolve (keep `kept` samples). */
  finish(kept?: number): void;
  /** Abandon the slot and reject, as a failed fill does. */
  fail(error: Error): void;
}

/** An epoch over a real ring whose fills the test finishes by hand, in any order. */
function manualEpoch(batches: number[][], prefetch: number, closed = (): boolean => false): { iterator: EpochIterator; ring: RingBuffer; fills: PendingFill[] } {
  const ring = new RingBuffer(ringLayout(prefetch + 2, 4, 1, 1));
  const fills: PendingFill[] = [];
  const source: EpochSource = {
    ring,
    prefetch,
    batchSize: 4,
    stats: new LoaderStatsRecorder(),
    closed,
    fill: (claim, indices) =>
      new Promise<FilledBatch>((resolve, reject) => {
        fills.push({
          claim,
          indices,
          finished: false,
          finish(kept = indices.length) {
            this.finished = true;
            ring.images(claim.slot, 4).fill(indices[0] ?? 0);
            ring.publish(claim.slot);
            resolve({ ...claim, indices: indices.slice(0, kept), skipped: [], cacheHits: 0, fromRle: 0, emptyMasks: 0, fullMasks: 0 });
          },
          fail(error) {
            ring.abandon(claim.slot);
            reject(error);
          },
        });
      }),
  };
  return { iterator: new EpochIterator(source, 0, batches), ring, fills };
}

const states = (ring: RingBuffer): number[] => Array.from({ length: ring.layout.slots }, (_, s) => ring.state(s));
const batches = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]];

describe('EpochIterator', () => {
  it('starts at most prefetch batches beyond the one the consumer asked for', async () => {
    const { iterator, fills } = manualEpoch(batches, 1);
    const it = iterator.run();
    const first = it.next();
    await settle();
    expect(fills.map((f) => f.indices)).toEqual([[0, 1], [2, 3]]);
    fills[1]?.finish();
    await settle();
    expect(fills.length).toBe(2); // batch 1 done, but the consumer is still at batch 0
    fills[0]?.finish();
    const b0 = (await first).value!;
    b0.release();
    await settle();
    expect(fills.length).toBe(2); // the consumer has not asked for batch 1 yet
    const b1 = (await it.next()).value!;
    await settle();
    expect(fills.map((f) => f.indices[0])).toEqual([0, 2, 4]);
    b1.release();
    const done = it.return(undefined);
    fills[2]?.finish();
    await done;
  });

  it('hands batches out in order however their fills finish, each from its own slot', async () => {
    const { iterator, ring, fills } = manualEpoch(batches, 3);
    const seen: number[][] = [];
    const consumer = (async () => {
      for await (const b of iterator.run()) {
        seen.push([...b.indices, b.images[0] as number]);
        b.release();
      }
    })();
    for (const order of [[2, 0, 3, 1], [4]]) {
      await settle();
      for (const i of order) fills[i]?.finish();
    }
    await consumer;
    expect(seen).toEqual([[0, 1, 0], [2, 3, 2], [4, 5, 4], [6, 7, 6], [8, 9, 8]]);
    expect(states(ring).every((s) => s === SlotState.FREE)).toBe(true);
  });

  it('leaves out a batch whose samples were all skipped', async () => {
    const { iterator, fills } = manualEpoch(batches.slice(0, 3), 2);
    const seen: number[][] = [];
    const consumer = (async () => {
      for await (const b of iterator.run()) {
        seen.push(b.indices);
        b.release();
      }
    })();
    await settle();
    fills[0]?.finish();
    fills[1]?.finish(0);
    fills[2]?.finish(1);
    await consumer;
    expect(seen).toEqual([[0, 1], [4]]);
  });

  it('on break waits for the fills it started and frees their slots; held batches stay held', async () => {
    const { iterator, ring, fills } = manualEpoch(batches, 2);
    const it = iterator.run();
    const first = it.next();
    await settle();
    fills[0]?.finish();
    const held = (await first).value!;
    await settle();
    expect(fills.length).toBe(3);
    fills[1]?.finish();
    let returned = false;
    const done = it.return(undefined).then(() => (returned = true));
    await settle();
    expect(returned).toBe(false); // batch 2 is still being filled: its slot is not given back yet
    fills[2]?.finish();
    await done;
    expect(states(ring)).toEqual([SlotState.READING, SlotState.FREE, SlotState.FREE, SlotState.FREE]);
    expect(held.images[0]).toBe(0);
    held.release();
  });

  it('throws a failed fill in its place in the order, after the batches before it', async () => {
    const { iterator, ring, fills } = manualEpoch(batches, 2);
    const seen: number[][] = [];
    const consumer = (async () => {
      for await (const b of iterator.run()) {
        seen.push(b.indices);
        b.release();
      }
    })();
    consumer.catch(() => undefined);
    await settle();
    fills[1]?.fail(new Error('Sample 2 (car002) failed'));
    fills[2]?.finish();
    fills[0]?.finish();
    await expect(consumer).rejects.toThrow(/Sample 2/);
    expect(seen).toEqual([[0, 1]]);
    expect(states(ring).every((s) => s === SlotState.FREE)).toBe(true);
  });

  it('throws instead of hanging when the consumer holds every slot', async () => {
    const { iterator, fills } = manualEpoch(batches, 0);
    const held = [];
    const consumer = (async () => {
      for await (const b of iterator.run()) held.push(b);
    })();
    consumer.catch(() => undefined);
    for (let i = 0; i < 3; i++) {
      await settle();
      for (const f of fills) if (!f.finished) f.finish();
    }
    await expect(consumer).rejects.toThrow(RingBufferError);
    expect(held.length).toBe(2);
  });

  it('ends quietly once the loader is closed, while the consumer waits', async () => {
    let closed = false;
    const { iterator, fills } = manualEpoch(batches, 1, () => closed);
    const it = iterator.run();
    const pending = it.next();
    await settle();
    closed = true;
    iterator.stop();
    await settle();
    for (const f of fills) f.finish();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });
});

