import { describe, expect, it } from 'vitest';
import { RingBufferError } from './errors.js';
import { ringLayout } from './protocol.js';
import { RingBuffer, SlotState } from './ringBuffer.js';

const layout = ringLayout(3, 2, 2, 3);

describe('RingBuffer', () => {
  it('preallocates every slot once and hands out views of the right size', () => {
    const ring = new RingBuffer(layout);
    expect(ring.buffer.byteLength).toBe(layout.totalBytes);
    expect(layout.totalBytes).toBeGreaterThanOrEqual(3 * 2 * 2 * 3 * 4);
    expect(ring.images(1, 2).length).toBe(2 * 2 * 3 * 3);
    expect(ring.masks(1, 1).length).toBe(2 * 3);
    expect(ring.images(1, 2).buffer).toBe(ring.buffer);
  });

  it('cycles through the slots and wraps around, keeping each batch its own bytes', async () => {
    const ring = new RingBuffer(layout);
    const seen: number[] = [];
    for (let b = 0; b < 8; b++) {
      const claim = await ring.acquire();
      expect(claim).toBeDefined();
      const { slot, generation } = claim!;
      seen.push(slot);
      expect(generation).toBe(b);
      ring.images(slot, 2).fill(b + 1);
      ring.masks(slot, 2).fill(b % 2);
      ring.publish(slot);
      ring.take(slot);
      expect(ring.images(slot, 2).every((v) => v === b + 1)).toBe(true);
      expect(ring.masks(slot, 2).every((v) => v === b % 2)).toBe(true);
      ring.release(slot, generation);
      expect(ring.state(slot)).toBe(SlotState.FREE);
    }
    expect(seen).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
  });

  it('makes the producer wait while every slot is full, until one is released', async () => {
    const ring = new RingBuffer(layout);
    const claims = [await ring.acquire(), await ring.acquire(), await ring.acquire()];
    for (const c of claims) {
      ring.publish(c!.slot);
      ring.take(c!.slot);
    }
    let fourth: { slot: number } | undefined;
    const pending = ring.acquire().then((c) => (fourth = c));
    await new Promise((r) => setTimeout(r, 30));
    expect(fourth).toBeUndefined();
    ring.release(claims[1]!.slot, claims[1]!.generation); // not the one it needs
    await new Promise((r) => setTimeout(r, 30));
    expect(fourth).toBeUndefined();
    ring.release(claims[0]!.slot, claims[0]!.generation);
    await pending;
    expect(fourth?.slot).toBe(0);
    expect(ring.state(0)).toBe(SlotState.FILLING);
  });

  it('refuses a second release, a stale release and out-of-order transitions', async () => {
    const ring = new RingBuffer(layout);
    const a = (await ring.acquire())!;
    expect(() => ring.take(a.slot)).toThrow(RingBufferError);
    expect(() => ring.release(a.slot, a.generation)).toThrow(/not held/);
    ring.publish(a.slot);
    ring.take(a.slot);
    ring.release(a.slot, a.generation);
    expect(() => ring.release(a.slot, a.generation)).toThrow(RingBufferError);
    for (let i = 0; i < 2; i++) await ring.acquire();
    const again = (await ring.acquire())!; // slot 0 again, a later generation
    expect(again.slot).toBe(a.slot);
    ring.publish(again.slot);
    ring.take(again.slot);
    expect(() => ring.release(a.slot, a.generation)).toThrow(/already released/);
    expect(ring.state(again.slot)).toBe(SlotState.READING);
  });

  it('close() ends a waiting acquire with undefined', async () => {
    const ring = new RingBuffer(ringLayout(1, 1, 1, 1));
    await ring.acquire();
    const waiting = ring.acquire();
    ring.close();
    await expect(waiting).resolves.toBeUndefined();
  });
});
