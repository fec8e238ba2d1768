// Test helper: a piscina task module for decodeCache.test.ts. Each task waits at a shared
// start line, then claims every entry of the cache as fast as it can, filling and committing
// the ones it wins with its own id, and returns what each claim() said.
import { DecodeCache } from '../decodeCache.js';
import type { CacheClaim } from '../decodeCache.js';
import type { CacheLayout } from '../protocol.js';

/** One racing thread's task. */
export interface ClaimRace {
  id: number;
  buffer: SharedArrayBuffer;
  layout: CacheLayout;
  /** Int32 [ready count, start flag]: each task counts itself in, then waits for the flag. */
  gate: SharedArrayBuffer;
}

/** Claim every entry once, after the start flag; fill the won entries with `id`. */
export default function claimAll({ id, buffer, layout, gate }: ClaimRace): CacheClaim[] {
  const cache = new DecodeCache(layout, buffer);
  const flags = new Int32Array(gate);
  Atomics.add(flags, 0, 1);
  Atomics.notify(flags, 0);
  Atomics.wait(flags, 1, 0);
  const claims: CacheClaim[] = [];
  for (let i = 0; i < layout.samples; i++) {
    const claim = cache.claim(i);
    claims.push(claim);
    if (claim === 'claimed') {
      cache.image(i).fill(id);
      cache.mask(i).fill(id);
      cache.commit(i);
    }
  }
  return claims;
}
