import { buildUNet } from '@maskflow/model';
import { describe, expect, it } from 'vitest';
import { unetForwardMacs, unetTrainingFlops } from './unetFlops.js';

/** Multiply-adds of every conv and transposed conv of a built model, from its layers' shapes. */
function countedMacs(size: number, baseFilters: number, depth: number, maxFilters = 0): number {
  const model = buildUNet({ inputSize: [size, size], baseFilters, depth, maxFilters, seed: 1 });
  let macs = 0;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind !== 'Conv2D' && kind !== 'Conv2DTranspose') continue;
    // Kernel [kh, kw, in, out] ([kh, kw, out, in] when transposed): kh*kw*in*out per output
    // pixel of a conv, per input pixel of a 2x2 stride-2 transposed conv.
    const [kh, kw, a, b] = layer.getWeights()[0]!.shape as [number, number, number, number];
    const out = layer.outputShape as number[];
    const pixels = kind === 'Conv2D' ? out[1]! * out[2]! : (out[1]! / 2) * (out[2]! / 2);
    macs += pixels * kh * kw * a * b;
  }
  model.dispose();
  return macs;
}

describe('unetForwardMacs', () => {
  it.each([[32, 4, 3], [64, 8, 5], [64, 2, 1]])('matches the layers of buildUNet at size %d, base %d, depth %d', (size, base, depth) => {
    expect(unetForwardMacs(size, base, depth).total).toBe(countedMacs(size, base, depth));
  });

  it.each([[96, 8, 5, 64], [32, 4, 4, 8]])('matches buildUNet with a filter cap at size %d, base %d, depth %d, cap %d', (size, base, depth, cap) => {
    expect(unetForwardMacs(size, base, depth, cap).total).toBe(countedMacs(size, base, depth, cap));
    expect(unetForwardMacs(size, base, depth, cap).total).toBeLessThan(unetForwardMacs(size, base, depth).total);
  });

  it('counts a training step as three forward passes minus the first layer input gradient', () => {
    const { total, firstLayer } = unetForwardMacs(128, 16, 5);
    expect(unetTrainingFlops({ size: 128, baseFilters: 16, depth: 5, batch: 4 })).toBe(2 * 4 * (3 * total - firstLayer));
    expect(firstLayer).toBe(128 * 128 * 9 * 3 * 16);
  });
});
