import { describe, expect, it } from 'vitest';
import { unetForwardMacs, unetTrainingFlops } from './unetFlops.js';

// benchUNet.test.ts checks unetForwardMacs against the layers of built models, capped and not.
describe('unetForwardMacs', () => {
  it('caps every level at maxFilters', () => {
    expect(unetForwardMacs(96, 8, 5, 64).total).toBeLessThan(unetForwardMacs(96, 8, 5).total);
    expect(unetForwardMacs(96, 8, 5, 256).total).toBe(unetForwardMacs(96, 8, 5).total);
  });

  it('counts a training step as three forward passes minus the first layer input gradient', () => {
    const { total, firstLayer } = unetForwardMacs(128, 16, 5);
    expect(unetTrainingFlops({ size: 128, baseFilters: 16, depth: 5, batch: 4 })).toBe(2 * 4 * (3 * total - firstLayer));
    expect(firstLayer).toBe(128 * 128 * 9 * 3 * 16);
  });
});
