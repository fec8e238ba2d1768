import { invalidSeed } from './errors.js';

const TWO_POW_32 = 2 ** 32;

/** Check that `value` is a safe integer usable as a seed; `name` goes into the error message. */
export function assertSeed(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidSeed(name, value);
}

/** Fold a safe integer (possibly negative or above 2^32) into 32 bits without losing its high part. */
function toUint32(value: number): number {
  if (value >= -(2 ** 31) && value < TWO_POW_32) return value >>> 0;
  const hi = Math.floor(value / TWO_POW_32);
  return (value ^ Math.imul(hi | 0, 0x9e3779b1)) >>> 0;
}

/**
 * A seeded uniform PRNG on [0, 1): mulberry32, 32-bit state, fast and good enough for
 * shuffling and augmentation. https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function createRng(seed: number): () => number {
  assertSeed(seed, 'seed');
  let state = toUint32(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/**
 * Derive an independent 32-bit seed from several integers, e.g. `hashSeed(seed, epoch, index)`,
 * so per-sample randomness depends only on those values and not on the order work is done in.
 * MurmurHash3's mixing steps: https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp
 */
export function hashSeed(...values: number[]): number {
  let h = 0x811c9dc5 ^ values.length;
  values.forEach((value, i) => {
    assertSeed(value, `hashSeed argument ${i}`);
    const lo = value >>> 0;
    const hi = Math.floor(value / TWO_POW_32) >>> 0;
    for (const word of [lo, hi]) {
      let k = Math.imul(word, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
  });
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform integer in [min, max] (both inclusive) drawn from `rng`. */
export function randomInt(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Fisher-Yates shuffle of `items` in place, driven by `rng`; returns `items`. */
export function shuffleInPlace<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
