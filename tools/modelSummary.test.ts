import { describe, expect, it } from 'vitest';
import { main, parseSummaryArgs } from './modelSummary.js';
import { capture } from './__tests__/capture.js';

describe('model:summary', () => {
  it('defaults to the tutorial model', () => {
    expect(parseSummaryArgs([])).toEqual({ inputSize: [256, 256], baseFilters: 32, depth: 5, maxFilters: 0, channels: 3 });
    expect(parseSummaryArgs(['--size', '64x96', '--depth', '3'])).toMatchObject({ inputSize: [64, 96], depth: 3 });
  });

  it("gives MobileNetV2 its own depth unless --depth is given (5: to stride 32)", () => {
    expect(parseSummaryArgs(['--encoder', 'mobilenet_v2'])).toEqual({ inputSize: [256, 256], baseFilters: 32, encoder: 'mobilenet_v2', maxFilters: 0, channels: 3 });
    expect(parseSummaryArgs(['--encoder', 'mobilenet_v2', '--depth', '5'])).toMatchObject({ encoder: 'mobilenet_v2', depth: 5 });
  });

  it('prints the layer table and the totals of a small model', async () => {
    const { out, io } = capture();
    expect(await main(['--size', '32', '--base-filters', '4', '--depth', '2'], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/center_a_conv \(Conv2D\)\s+\[null,8,8,16\]/);
    // By hand: encoders 292 + 944, centre 3,616, decoders 2,392 + 636, output 5.
    expect(text).toContain('Total params: 7,885');
    const capped = capture();
    expect(await main(['--size', '32', '--base-filters', '4', '--depth', '2', '--max-filters', '8'], capped.io)).toBe(0);
    expect(capped.out.join('\n')).toMatch(/center_a_conv \(Conv2D\)\s+\[null,8,8,8\]/);
  });

  it('names a bad flag or an invalid size', async () => {
    const bad = capture();
    expect(await main(['--depth', 'two'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain('model:summary: Expected an integer >= 1 for --depth but received "two"');
    const odd = capture();
    expect(await main(['--size', '100'], odd.io)).toBe(2);
    expect(odd.err.join('\n')).toContain(
      'model:summary: Expected a height divisible by 2^depth = 32 (depth 5) for --size but received 100 of type number. Use 96 or 128, or a smaller --depth',
    );
  });
});
