/*
 * Batch slots in one SharedArrayBuffer, allocated once and reused in cyclic order.
 *
 *            acquire()              publish()           take()              release()
 *   ┌──────┐ ───────────▶ ┌─────────┐ ────────▶ ┌───────┐ ───────▶ ┌─────────┐ ──────────┐
 *   │ FREE │              │ FILLING │           │ READY │          │ READING │           │
 *   └──────┘ ◀─────────── └─────────┘           └───────┘          └─────────┘           │
 *      ▲      abandon()    workers write          waiting for        the consumer holds   │
 *      │      (epoch       samples straight       the consumer       batch views into     │
 *      │       stopped)    into the slot                             the slot             │
 *      └──────────────────────────────────────────────────────────────────────────────────┘
 *
 *   slot:   0        1        2        3        4        5      (prefetch 4 → 6 slots)
 *         READING  READY   FILLING  FILLING   FREE     FREE
 *            ▲                                 ▲
 *         consumer                          next acquire() (batch b uses slot b mod slots)
 *
 * The state of each slot is an Int32 in the buffer's header, changed only with Atomics, next
 * to a generation number (the batch sequence number) so a stale release() is caught. The
 * producer waits with Atomics.waitAsync when the slot it needs is not FREE: with every slot
 * full, no more work is queued (back-pressure, no unbounded queue). Who owns a slot: the
 * main-thread dispatcher from acquire() to publish(), workers write only positions they were
 * given while it is FILLING, the consumer from take() to release().
 */
import { RingBufferError } from './errors.js';
import { HEADER_INTS_PER_SLOT, slotImageOffset, slotMaskOffset } from './protocol.js';
import type { RingLayout } from './protocol.js';

/** Slot states, stored as Int32 in the ring header. */
export const SlotState = { FREE: 0, FILLING: 1, READY: 2, READING: 3 } as const;

const STATE_NAMES = ['FREE', 'FILLING', 'READY', 'READING'];

/** Preallocated batch slots in a SharedArrayBuffer, with Atomics slot states (see the diagram above). */
export class RingBuffer {
  /** The shared memory: header, then `layout.slots` slots; hand it to workers. */
  readonly buffer: SharedArrayBuffer;
  readonly layout: RingLayout;
  private readonly header: Int32Array;
  private readonly bytes: Uint8Array;
  private sequence = 0;
  private closed = false;

  constructor(layout: RingLayout) {
    this.layout = layout;
    this.buffer = new SharedArrayBuffer(layout.totalBytes);
    this.header = new Int32Array(this.buffer, 0, layout.slots * HEADER_INTS_PER_SLOT);
    this.bytes = new Uint8Array(this.buffer);
  }

  /** State of `slot` (one of SlotState). */
  state(slot: number): number {
    return Atomics.load(this.header, slot * HEADER_INTS_PER_SLOT);
  }

  /** The slot the next acquire() will claim. */
  nextSlot(): number {
    return this.sequence % this.layout.slots;
  }

  /**
   * Claim the next slot in cyclic order for FILLING, waiting while it is not FREE.
   * Resolves to { slot, generation }, or undefined once close() was called or `cancelled()`
   * returns true when woken (see wake()).
   */
  async acquire(cancelled: () => boolean = () => false): Promise<{ slot: number; generation: number } | undefined> {
    const generation = this.sequence++;
    const slot = generation % this.layout.slots;
    const at = slot * HEADER_INTS_PER_SLOT;
    for (;;) {
      if (this.closed || cancelled()) return undefined;
      if (Atomics.compareExchange(this.header, at, SlotState.FREE, SlotState.FILLING) === SlotState.FREE) {
        Atomics.store(this.header, at + 1, generation);
        return { slot, generation };
      }
      const seen = Atomics.load(this.header, at);
      if (seen === SlotState.FREE) continue;
      const wait = Atomics.waitAsync(this.header, at, seen);
      if (wait.async) await wait.value;
    }
  }

  /** FILLING → READY: every sample of the batch is written. */
  publish(slot: number): void {
    this.transition(slot, SlotState.FILLING, SlotState.READY, 'publish');
  }

  /** READY → READING: the consumer takes the batch. */
  take(slot: number): void {
    this.transition(slot, SlotState.READY, SlotState.READING, 'take');
  }

  /** READING → FREE for the batch of `generation`; throws on a second or stale release. */
  release(slot: number, generation: number): void {
    const at = slot * HEADER_INTS_PER_SLOT;
    if (Atomics.load(this.header, at + 1) !== generation || this.state(slot) !== SlotState.READING) {
      throw new RingBufferError(
        `release() of batch ${generation} (slot ${slot}) but that batch is not held: it was already released. ` +
          'Call release() exactly once per batch, after the last use of its views.',
      );
    }
    this.transition(slot, SlotState.READING, SlotState.FREE, 'release');
  }

  /** FILLING or READY → FREE, for batches produced but never handed out (epoch stopped early). */
  abandon(slot: number): void {
    const at = slot * HEADER_INTS_PER_SLOT;
    const state = this.state(slot);
    if (state !== SlotState.FILLING && state !== SlotState.READY) {
      throw new RingBufferError(`abandon() of slot ${slot} in state ${STATE_NAMES[state]}; only FILLING or READY slots can be abandoned`);
    }
    Atomics.store(this.header, at, SlotState.FREE);
    Atomics.notify(this.header, at);
  }

  /** The first `count` images of `slot`: a view, no copy (count x H x W x 3). */
  images(slot: number, count: number): Uint8Array {
    return this.bytes.subarray(slotImageOffset(this.layout, slot, 0), slotImageOffset(this.layout, slot, count));
  }

  /** The first `count` masks of `slot`: a view, no copy (count x H x W). */
  masks(slot: number, count: number): Uint8Array {
    return this.bytes.subarray(slotMaskOffset(this.layout, slot, 0), slotMaskOffset(this.layout, slot, count));
  }

  /** Move sample `from` of `slot` to position `to` (to < from), to close the gap a skipped sample left. */
  moveSample(slot: number, from: number, to: number): void {
    const pixels = this.layout.height * this.layout.width;
    const image = slotImageOffset(this.layout, slot, from);
    this.bytes.copyWithin(slotImageOffset(this.layout, slot, to), image, image + pixels * 3);
    const mask = slotMaskOffset(this.layout, slot, from);
    this.bytes.copyWithin(slotMaskOffset(this.layout, slot, to), mask, mask + pixels);
  }

  /** Wake every pending acquire() so it re-checks its `cancelled` callback. */
  wake(): void {
    for (let s = 0; s < this.layout.slots; s++) Atomics.notify(this.header, s * HEADER_INTS_PER_SLOT);
  }

  /** Wake and end every pending acquire(); slots and views stay valid for batches still held. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private transition(slot: number, from: number, to: number, what: string): void {
    const at = slot * HEADER_INTS_PER_SLOT;
    const seen = Atomics.compareExchange(this.header, at, from, to);
    if (seen !== from) {
      throw new RingBufferError(`${what}() of slot ${slot} expected state ${STATE_NAMES[from]} but found ${STATE_NAMES[seen]}`);
    }
    Atomics.notify(this.header, at);
  }
}
