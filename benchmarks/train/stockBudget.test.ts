import { describe, expect, it } from 'vitest';
import { extrapolateStepSeconds, probeConfig } from './stockBudget.js';
import { trainingFlops } from './benchUNet.js';
import { unetTrainingFlops } from './unetFlops.js';

describe('stock-step estimate', () => {
  it('probes the same depth at the smallest size that depth allows', () => {
    expect(probeConfig({ size: 128, baseFilters: 16, depth: 5, batch: 4 })).toEqual({ size: 32, baseFilters: 4, depth: 5, batch: 1 });
    expect(probeConfig({ size: 256, baseFilters: 32, depth: 6, batch: 3 })).toEqual({ size: 64, baseFilters: 4, depth: 6, batch: 1 });
    expect(probeConfig({ size: 64, baseFilters: 8, depth: 3, batch: 8 }).size).toBe(32);
  });

  it('probes the MobileNetV2 U-Net with the same encoder, and scales by its counted FLOPs', () => {
    const target = { size: 160, baseFilters: 8, depth: 4, batch: 4, maxFilters: 64, encoder: 'mobilenet_v2' as const };
    const probe = probeConfig(target);
    expect(probe).toEqual({ size: 32, baseFilters: 4, depth: 4, batch: 1, encoder: 'mobilenet_v2' });
    expect(extrapolateStepSeconds(1, probe, target)).toBeCloseTo(trainingFlops(target) / trainingFlops(probe), 9);
  });

  it('scales the probe time by the ratio of training FLOPs', () => {
    const probe = probeConfig({ size: 64, baseFilters: 8, depth: 5, batch: 8 });
    const target = { size: 64, baseFilters: 8, depth: 5, batch: 8 };
    const ratio = unetTrainingFlops(target) / unetTrainingFlops(probe);
    expect(ratio).toBeGreaterThan(8);
    expect(extrapolateStepSeconds(2, probe, target)).toBeCloseTo(2 * ratio, 9);
    expect(extrapolateStepSeconds(2, probe, probe)).toBe(2);
  });
});
