import { Piscina } from 'piscina';
import { describe, expect, it } from 'vitest';
import { CacheState, DecodeCache } from './decodeCache.js';
import type { CacheClaim } from './decodeCache.js';
import { DecodeCacheError } from './errors.js';
import { cacheLayout } from './protocol.js';
import type { ClaimRace } from './__tests__/cacheClaimWorker.js';

describe('DecodeCache', () => {
  it('gives an entry to the first claim only, then serves it once committed', () => {
    const cache = new DecodeCache(cacheLayout(3, 2, 4));
    expect(cache.claim(1)).toBe('claimed');
    expect(cache.state(1)).toBe(CacheState.WRITING);
    expect(cache.claim(1)).toBe('busy');
    cache.image(1).fill(7);
    cache.mask(1).fill(1);
    cache.commit(1);
    expect(cache.claim(1)).toBe('ready');
    expect(cache.claim(1)).toBe('ready');
    expect([...cache.image(1)]).toEqual(Array(2 * 4 * 3).fill(7));
    expect([...cache.mask(1)]).toEqual(Array(2 * 4).fill(1));
    expect(cache.filled()).toBe(1);
    // Neighbouring entries are untouched.
    expect(cache.image(0).every((v) => v === 0) && cache.image(2).every((v) => v === 0)).toBe(true);
  });

  it('lets a later claim retry an abandoned entry', () => {
    const cache = new DecodeCache(cacheLayout(2, 1, 1));
    expect(cache.claim(0)).toBe('claimed');
    cache.abandon(0);
    expect(cache.state(0)).toBe(CacheState.EMPTY);
    expect(cache.filled()).toBe(0);
    expect(cache.claim(0)).toBe('claimed');
    cache.commit(0);
    expect(cache.filled()).toBe(1);
  });

  it('refuses out-of-order transitions, naming the entry and the states', () => {
    const cache = new DecodeCache(cacheLayout(2, 1, 1));
    expect(() => cache.commit(0)).toThrow(DecodeCacheError);
    expect(() => cache.abandon(0)).toThrow(/abandon\(\) of cache entry 0 expected state WRITING but found EMPTY/);
    cache.claim(0);
    cache.commit(0);
    expect(() => cache.commit(0)).toThrow(/found READY/);
    expect(() => cache.abandon(0)).toThrow(/found READY/);
    expect(cache.state(0)).toBe(CacheState.READY);
  });

  it('attaches to a buffer allocated elsewhere and sees the same states and bytes', () => {
    const layout = cacheLayout(2, 2, 2);
    const owner = new DecodeCache(layout);
    const attached = new DecodeCache(layout, owner.buffer);
    expect(attached.claim(1)).toBe('claimed');
    expect(owner.claim(1)).toBe('busy');
    attached.mask(1).fill(1);
    attached.commit(1);
    expect(owner.claim(1)).toBe('ready');
    expect([...owner.mask(1)]).toEqual([1, 1, 1, 1]);
    expect(() => new DecodeCache(cacheLayout(3, 2, 2), owner.buffer)).toThrow(/bytes, but its layout needs/);
  });

  it('under claims racing from several threads, fills each entry exactly once', async () => {
    const threads = 4;
    const layout = cacheLayout(2000, 1, 2);
    const cache = new DecodeCache(layout);
    const gate = new SharedArrayBuffer(8);
    const flags = new Int32Array(gate);
    // As the loader's pool does: from source, workers load TypeScript through tsx.
    const pool = new Piscina({ filename: new URL('./__tests__/cacheClaimWorker.ts', import.meta.url).href, execArgv: ['--import', 'tsx'], minThreads: threads, maxThreads: threads });
    try {
      const races = Array.from({ length: threads }, (_, i) => pool.run({ id: i + 1, buffer: cache.buffer, layout, gate } satisfies ClaimRace) as Promise<CacheClaim[]>);
      const done = Promise.all(races);
      // Start every thread at once, so the claims really overlap (a failed task ends the wait too).
      for (let ready = Atomics.load(flags, 0); ready < threads; ready = Atomics.load(flags, 0)) {
        await Promise.race([Atomics.waitAsync(flags, 0, ready).value, done]);
      }
      Atomics.store(flags, 1, 1);
      Atomics.notify(flags, 1);
      const claims = await done;
      for (let i = 0; i < layout.samples; i++) {
        const winners = claims.map((c, t) => (c[i] === 'claimed' ? t + 1 : 0)).filter((t) => t !== 0);
        expect(winners.length).toBe(1);
        // The entry holds the bytes of the one thread that won it, image and mask alike.
        expect([...cache.image(i), ...cache.mask(i)].every((v) => v === winners[0])).toBe(true);
      }
      expect(cache.filled()).toBe(layout.samples);
    } finally {
      await pool.destroy();
    }
  });
});
