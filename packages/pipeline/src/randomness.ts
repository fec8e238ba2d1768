import { createRng, hashSeed, shuffleInPlace } from '@maskflow/datasets';

// Determinism: every random draw comes from a source derived from (seed, epoch, index) or
// (seed, epoch) alone, never from shared state, so the thread count and which worker runs a
// sample cannot change any byte of a batch.

/** The random source of sample `index` in `epoch`. */
export function sampleRng(seed: number, epoch: number, index: number): () => number {
  return createRng(hashSeed(seed, epoch, index));
}

/** The order samples are visited in `epoch`: a seeded shuffle of 0..n-1, or 0..n-1 itself. */
export function epochOrder(n: number, seed: number, epoch: number, shuffle: boolean): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  // A distinct stream from the per-sample ones: they hash three values, this hashes two and a tag.
  return shuffle ? shuffleInPlace(order, createRng(hashSeed(seed, epoch, -1))) : order;
}
