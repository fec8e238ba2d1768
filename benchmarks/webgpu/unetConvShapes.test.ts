import { describe, expect, it } from 'vitest';
import { unetConvCalls } from './unetConvShapes.js';

describe('unetConvCalls', () => {
  it('lists every conv-gradient call of a 128x128 base-16 depth-5 step with its shapes', () => {
    const calls = unetConvCalls({ size: 128, baseFilters: 16, depth: 5, batch: 4 });
    const layers = calls.flatMap((c) => c.layers);
    // 10 encoder + 2 centre + 10 decoder 3x3 convs + the 1x1: 23 dW, 22 dx; 5 transposes: 5 forward, 5 dW.
    expect(layers.filter((l) => l.endsWith(' dW')).length).toBe(28);
    expect(layers.filter((l) => l.endsWith(' dx')).length).toBe(22);
    // forward: 23 convs + 5 transposes.
    expect(layers.filter((l) => l.endsWith(' forward')).length).toBe(28);
    const first = calls.find((c) => c.layers.includes('enc0.conv_a dW'));
    expect(first?.inputs).toEqual({ x: [4, 128, 128, 3], dy: [4, 128, 128, 16] });
    const out = calls.find((c) => c.layers.includes('out.conv1x1 forward'));
    expect(out?.attrs.activation).toBe('sigmoid');
    expect(out?.inputs).toEqual({ x: [4, 128, 128, 16], filter: [1, 1, 16, 1], bias: [1] });
    const up = calls.find((c) => c.layers.includes('dec4.up forward'));
    expect(up?.inputs).toEqual({ dy: [4, 4, 4, 512], filter: [2, 2, 256, 512] });
    expect(up?.attrs.inputShape).toEqual([4, 8, 8, 256]);
    // enc_i.conv_b and dec_i.conv_b have the same shapes and are measured once.
    expect(calls.find((c) => c.layers.includes('enc3.conv_b dW'))?.layers).toContain('dec3.conv_b dW');
  });
});
