import { describe, expect, it } from 'vitest';
import { buildUNet } from './buildUNet.js';
import { formatModelSummary } from './formatModelSummary.js';
import { unetParamCount } from './unetParamCount.js';

describe('formatModelSummary', () => {
  it('lists every layer with its shape, parameters and inputs, and the totals with separators', () => {
    const opts = { inputSize: [32, 32] as [number, number], baseFilters: 16, depth: 2 };
    const model = buildUNet(opts);
    const text = formatModelSummary(model);
    const count = unetParamCount(opts);
    expect(text).toContain(`Total params: ${count.total.toLocaleString('en-US')}`);
    expect(count.total).toBeGreaterThan(1000); // the separator is exercised
    expect(text).toContain(`Non-trainable params: ${count.nonTrainable.toLocaleString('en-US')}`);
    expect(text).toMatch(/encoder1_a_conv \(Conv2D\)\s+\[null,32,32,16\]\s+448\s+image/);
    expect(text).toMatch(/decoder1_concat \(Concatenate\)\s+\[null,32,32,32\]\s+0\s+encoder1_b_relu, decoder1_up/);
    expect(text).toMatch(/mask \(Conv2D\)\s+\[null,32,32,1\]\s+17\s+decoder1_b_relu/);
    for (const layer of model.layers) expect(text).toContain(`${layer.name} (`);
    model.dispose();
  });
});
