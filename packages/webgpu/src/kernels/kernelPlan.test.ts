import { describe, expect, it } from 'vitest';
import { convGradientPlan } from './kernelPlan.js';
import { variantFor } from './kernelVariant.js';

const software = { adapterDescription: { software: true } };
const hardware = { adapterDescription: { software: false } };

describe('convGradientPlan', () => {
  it('picks register blocks on software adapters and workgroup tiles on hardware', () => {
    expect(variantFor(software)).toBe('blocked');
    expect(variantFor(hardware)).toBe('tiled');
    const dw = { kernelName: 'Conv2DBackpropFilter', x: [2, 8, 8, 16], dy: [2, 8, 8, 32], filterShape: [3, 3, 16, 32], strides: 1, pad: 'same' as const };
    expect(convGradientPlan(dw, software)).toBe('blocked split-K');
    expect(convGradientPlan(dw, hardware)).toBe('tiled split-K');
  });

  it('names the 2x2 stride-2 transpose matmul and the calls left to stock', () => {
    const up = { kernelName: 'Conv2DBackpropInput', dy: [2, 4, 4, 64], filter: [2, 2, 32, 64], inputShape: [2, 8, 8, 32], strides: 2, pad: 'same' as const };
    expect(convGradientPlan(up, hardware)).toBe('tiled 2x2 matmul');
    expect(convGradientPlan({ ...up, inputShape: [2, 9, 9, 32], pad: 'valid' }, hardware)).toBe('tiled');
    const oneChannel = { kernelName: 'Conv2DBackpropFilter', x: [2, 8, 8, 16], dy: [2, 8, 8, 1], filterShape: [1, 1, 16, 1], strides: 1, pad: 'same' as const };
    expect(convGradientPlan(oneChannel, software)).toBe('stock');
    expect(convGradientPlan({ ...oneChannel, dtype: 'int32' }, hardware)).toBe('stock');
    expect(() => convGradientPlan({ kernelName: 'Conv2D', dy: [1], strides: 1, pad: 'same' }, hardware)).toThrow(/expected a Conv2DBackpropFilter call/);
  });

  it('runs forward convs blocked on software adapters only', () => {
    const fwd = { kernelName: 'FusedConv2D', x: [2, 8, 8, 16], filter: [3, 3, 16, 32], bias: [32], activation: 'relu', strides: 1, pad: 'same' as const };
    expect(convGradientPlan(fwd, software)).toBe('blocked');
    expect(convGradientPlan(fwd, hardware)).toBe('stock');
    expect(convGradientPlan({ ...fwd, activation: 'elu' }, software)).toBe('stock');
  });
});
