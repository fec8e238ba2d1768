import { describe, expect, it } from 'vitest';
import { epochBatches, stepsPerEpoch } from './epochBatches.js';

const plain = { seed: 0, epoch: 0, shuffle: false, dropRemainder: false };

describe('epochBatches', () => {
  it('cuts the order into batchSize pieces with a short last one, or drops it', () => {
    expect(epochBatches(7, 3, plain)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(epochBatches(7, 3, { ...plain, dropRemainder: true })).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(epochBatches(6, 3, { ...plain, dropRemainder: true })).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('handles fewer samples than a batch: one short batch, or none with dropRemainder', () => {
    expect(epochBatches(2, 4, plain)).toEqual([[0, 1]]);
    expect(epochBatches(2, 4, { ...plain, dropRemainder: true })).toEqual([]);
    expect(epochBatches(1, 1, plain)).toEqual([[0]]);
  });

  it('gives as many batches as stepsPerEpoch says, each index once per epoch', () => {
    for (const [n, size] of [[10, 4], [12, 4], [3, 8], [1, 1]] as const) {
      for (const dropRemainder of [false, true]) {
        const batches = epochBatches(n, size, { seed: 3, epoch: 1, shuffle: true, dropRemainder });
        expect(batches.length).toBe(stepsPerEpoch(n, size, dropRemainder));
        const flat = batches.flat();
        expect(new Set(flat).size).toBe(flat.length);
        expect(flat.length).toBe(dropRemainder ? Math.floor(n / size) * size : n);
      }
    }
  });

  it('shuffles by (seed, epoch): the same pair gives the same batches', () => {
    const at = (seed: number, epoch: number): number[][] => epochBatches(20, 4, { seed, epoch, shuffle: true, dropRemainder: false });
    expect(at(5, 2)).toEqual(at(5, 2));
    expect(at(5, 2)).not.toEqual(at(5, 3));
    expect(at(5, 2)).not.toEqual(at(6, 2));
  });
});
