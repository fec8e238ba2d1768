import { epochOrder } from './randomness.js';

/** Batches per epoch of `n` samples: ceil(n / batchSize), or floor with dropRemainder. */
export function stepsPerEpoch(n: number, batchSize: number, dropRemainder: boolean): number {
  return dropRemainder ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/**
 * The dataset indices of every batch of `epoch`, in order: the epoch's (seeded) order cut into
 * batchSize pieces; the last one is shorter, or left out with dropRemainder.
 */
export function epochBatches(n: number, batchSize: number, options: { seed: number; epoch: number; shuffle: boolean; dropRemainder: boolean }): number[][] {
  const order = epochOrder(n, options.seed, options.epoch, options.shuffle);
  const batches: number[][] = [];
  for (let b = 0; b < stepsPerEpoch(n, batchSize, options.dropRemainder); b++) batches.push(order.slice(b * batchSize, (b + 1) * batchSize));
  return batches;
}
