/*
 * The resized, un-augmented samples of the first pass, one entry per dataset index, in one
 * SharedArrayBuffer that the main thread allocates and every worker attaches to.
 *
 *            claim() → 'claimed'          commit()
 *   ┌───────┐ ─────────────────▶ ┌─────────┐ ─────────▶ ┌───────┐
 *   │ EMPTY │                    │ WRITING │            │ READY │
 *   └───────┘ ◀───────────────── └─────────┘            └───────┘
 *                 abandon()       the claiming thread    claim() → 'ready': any thread
 *                 (decode         decodes into the       copies the entry out; it is
 *                  failed)        entry; claim() by      never written again
 *                                 others → 'busy'
 *
 *   index:   0        1        2        3        4        5
 *          READY    READY   WRITING   EMPTY    READY    EMPTY
 *                              ▲
 *          a thread is decoding it into the cache, or died doing so; a claim() that
 *          finds it WRITING decodes its own copy straight into its ring slot
 *
 * The state of each entry is an Int32 in the buffer's header, changed only here, with Atomics.
 * Who owns an entry: the thread whose claim() won the EMPTY → WRITING exchange, from then to
 * commit() or abandon(); once READY nobody owns it and every thread only reads it. Nobody
 * waits on an entry (no Atomics.wait/notify): a thread that finds it WRITING decodes the
 * sample itself, since waiting would cost as much as decoding. A worker that dies while it
 * owns an entry (out of memory, or terminated by piscina when an epoch is aborted) leaves it
 * WRITING for good: that sample is then decoded every epoch, never served from the cache,
 * which is slower but never wrong.
 */
import { DecodeCacheError } from './errors.js';
import { cacheEntryOffset, cacheLayout } from './protocol.js';
import type { CacheLayout } from './protocol.js';

/** Default ceiling for cache: 'memory' (4 GiB): 5088 Carvana samples at 256x256 need 1.24 GiB. */
export const DEFAULT_CACHE_LIMIT_BYTES = 4 * 1024 ** 3;

/** Entry states, stored as Int32 in the cache header (see the diagram above). */
export const CacheState = { EMPTY: 0, WRITING: 1, READY: 2 } as const;

const STATE_NAMES = ['EMPTY', 'WRITING', 'READY'];

/** What claim() found: a cached entry to read, an entry the caller now fills, or one another thread fills. */
export type CacheClaim = 'ready' | 'claimed' | 'busy';

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

/** The shared decode cache with Atomics entry states (see the diagram above). */
export class DecodeCache {
  /** The shared memory: header, then one entry per sample; hand it to workers. */
  readonly buffer: SharedArrayBuffer;
  readonly layout: CacheLayout;
  private readonly states: Int32Array;
  private readonly bytes: Uint8Array;

  /** Allocate a cache of `layout`, or with `buffer` attach to one allocated elsewhere (in a worker). */
  constructor(layout: CacheLayout, buffer: SharedArrayBuffer = new SharedArrayBuffer(layout.totalBytes)) {
    if (buffer.byteLength !== layout.totalBytes) {
      throw new DecodeCacheError(`attach to a cache buffer of ${buffer.byteLength} bytes, but its layout needs ${layout.totalBytes}; pass the buffer and layout of one cache`);
    }
    this.layout = layout;
    this.buffer = buffer;
    this.states = new Int32Array(buffer, 0, layout.samples);
    this.bytes = new Uint8Array(buffer);
  }

  /** State of entry `index` (one of CacheState). */
  state(index: number): number {
    return Atomics.load(this.states, index);
  }

  /**
   * Ask for entry `index`: 'ready' (read it with image()/mask()), 'claimed' (EMPTY → WRITING
   * won: fill it, then commit() or abandon()), or 'busy' (another thread is filling it).
   */
  claim(index: number): CacheClaim {
    const seen = Atomics.compareExchange(this.states, index, CacheState.EMPTY, CacheState.WRITING);
    if (seen === CacheState.EMPTY) return 'claimed';
    return seen === CacheState.READY ? 'ready' : 'busy';
  }

  /** WRITING → READY: the claimed entry is filled; from now on it is only read. */
  commit(index: number): void {
    this.transition(index, CacheState.WRITING, CacheState.READY, 'commit');
  }

  /** WRITING → EMPTY: filling the claimed entry failed; a later claim() may try again. */
  abandon(index: number): void {
    this.transition(index, CacheState.WRITING, CacheState.EMPTY, 'abandon');
  }

  /** Entry `index`'s image (H x W x 3): a view, no copy; read it only when READY, write it only while claimed. */
  image(index: number): Uint8Array {
    const at = cacheEntryOffset(this.layout, index);
    return this.bytes.subarray(at, at + this.layout.height * this.layout.width * 3);
  }

  /** Entry `index`'s mask (H x W, 0/1): a view, no copy; same rules as image(). */
  mask(index: number): Uint8Array {
    const pixels = this.layout.height * this.layout.width;
    const at = cacheEntryOffset(this.layout, index) + pixels * 3;
    return this.bytes.subarray(at, at + pixels);
  }

  /** How many samples are cached (READY). */
  filled(): number {
    let n = 0;
    for (let i = 0; i < this.states.length; i++) if (Atomics.load(this.states, i) === CacheState.READY) n++;
    return n;
  }

  private transition(index: number, from: number, to: number, what: string): void {
    const seen = Atomics.compareExchange(this.states, index, from, to);
    if (seen !== from) {
      throw new DecodeCacheError(`${what}() of cache entry ${index} expected state ${STATE_NAMES[from]} but found ${STATE_NAMES[seen]}; only the thread whose claim() returned 'claimed' may ${what}() it`);
    }
  }
}
