import { CACHE_READY, cacheLayout } from './protocol.js';
import type { CacheLayout } from './protocol.js';

/** Default ceiling for cache: 'memory' (4 GiB): 5088 Carvana samples at 256x256 need 1.24 GiB. */
export const DEFAULT_CACHE_LIMIT_BYTES = 4 * 1024 ** 3;

/** Bytes the memory cache needs for `samples` samples at `size` = [height, width]: H*W*4 each (RGB + mask) plus a header. */
export function estimateCacheBytes(samples: number, size: [number, number]): number {
  return cacheLayout(samples, size[0], size[1]).totalBytes;
}

/** Format a byte count for people: "1.24 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 2)} ${units[unit]}`;
}

/**
 * The resized, un-augmented samples of the first pass, in one SharedArrayBuffer that every
 * worker reads and writes. Entry states are Int32 words changed with Atomics
 * (EMPTY → WRITING → READY): the worker that wins the EMPTY → WRITING exchange fills the
 * entry; a sample is never written twice, and once READY it is only read.
 */
export class DecodeCache {
  readonly buffer: SharedArrayBuffer;
  readonly layout: CacheLayout;

  constructor(samples: number, size: [number, number]) {
    this.layout = cacheLayout(samples, size[0], size[1]);
    this.buffer = new SharedArrayBuffer(this.layout.totalBytes);
  }

  /** How many samples are cached (READY). */
  filled(): number {
    const states = new Int32Array(this.buffer, 0, this.layout.samples);
    let n = 0;
    for (let i = 0; i < states.length; i++) if (Atomics.load(states, i) === CACHE_READY) n++;
    return n;
  }
}
