import { describe, expect, it } from 'vitest';
import { buildBenchUNet, modelForwardMacs, trainingFlops } from './benchUNet.js';
import { parseUNetConfig } from './unetConfig.js';
import { unetForwardMacs, unetTrainingFlops } from './unetFlops.js';

/** Keras' MobileNetV2 blocks 0-12 (expansion, output channels, stride): the encoder at depth 4. */
const BLOCKS_TO_STRIDE_16: [number, number, number][] = [
  [1, 16, 1], [6, 24, 2], [6, 24, 1], [6, 32, 2], [6, 32, 1], [6, 32, 1],
  [6, 64, 2], [6, 64, 1], [6, 64, 1], [6, 64, 1], [6, 96, 1], [6, 96, 1], [6, 96, 1],
];

/** Multiply-adds of the MobileNetV2 U-Net at depth 4, written out from the architecture (no cap). */
function mobileNetV2UNetMacs(size: number, base: number): { total: number; onImage: number } {
  const stem = (size / 2) ** 2 * 9 * 3 * 32;
  let encoder = stem, cin = 32, side = size / 2;
  const skipChannels: number[] = [];
  BLOCKS_TO_STRIDE_16.forEach(([t, out, stride], i) => {
    const hidden = cin * t;
    if (t !== 1) encoder += side ** 2 * cin * hidden; // 1x1 expand
    side /= stride;
    encoder += side ** 2 * 9 * hidden + side ** 2 * hidden * out; // 3x3 depthwise, 1x1 project
    cin = out;
    if (i === 0 || i === 2 || i === 5) skipChannels.push(out);
  });
  const filters = [base, 2 * base, 4 * base, 8 * base];
  const encoder1 = size ** 2 * 9 * 3 * filters[0]! + size ** 2 * 9 * filters[0]! ** 2;
  const levels = [filters[0]!, ...skipChannels];
  let decoder = 0, channels = 96;
  for (let i = 3; i >= 0; i--) {
    const s = size / 2 ** i, f = filters[i]!;
    decoder += (s / 2) ** 2 * 4 * channels * f + s ** 2 * 9 * (levels[i]! + f) * f + s ** 2 * 9 * f * f;
    channels = f;
  }
  const head = size ** 2 * filters[0]!;
  return { total: encoder + encoder1 + decoder + head, onImage: stem + size ** 2 * 9 * 3 * filters[0]! };
}

describe('modelForwardMacs', () => {
  it.each(['32x4x3x1', '64x8x5x2', '64x2x1x1', '96x8x5x4x64', '32x4x4x1x8'])('agrees with the closed form of the tutorial U-Net, %s', (text) => {
    const config = parseUNetConfig(text);
    const model = buildBenchUNet(config);
    const counted = modelForwardMacs(model);
    model.dispose();
    const closed = unetForwardMacs(config.size, config.baseFilters, config.depth, config.maxFilters ?? 0);
    expect(counted).toEqual({ total: closed.total, onImage: closed.firstLayer });
    expect(trainingFlops(config)).toBe(unetTrainingFlops(config));
  });

  it('counts the MobileNetV2 U-Net, depthwise and transposed convolutions included, and both convolutions on the image', () => {
    const config = parseUNetConfig('32x4x4x2-mobilenet_v2');
    const model = buildBenchUNet(config);
    const counted = modelForwardMacs(model);
    model.dispose();
    const expected = mobileNetV2UNetMacs(32, 4);
    expect(counted).toEqual(expected);
    expect(trainingFlops(config)).toBe(2 * 2 * (3 * expected.total - expected.onImage));
  });
});
