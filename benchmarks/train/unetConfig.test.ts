import { describe, expect, it } from 'vitest';
import { parseUNetConfig, sameUNetConfig, unetConfigName, unetConfigText } from './unetConfig.js';

describe('parseUNetConfig', () => {
  it('reads SIZExBASExDEPTHxBATCH without a cap and with one', () => {
    expect(parseUNetConfig('128x16x5x4')).toEqual({ size: 128, baseFilters: 16, depth: 5, batch: 4 });
    expect(parseUNetConfig('96x8x5x4x64')).toEqual({ size: 96, baseFilters: 8, depth: 5, batch: 4, maxFilters: 64 });
  });

  it('reads the MobileNetV2 encoder from a -mobilenet_v2 suffix', () => {
    expect(parseUNetConfig('160x8x4x4x64-mobilenet_v2')).toEqual({ size: 160, baseFilters: 8, depth: 4, batch: 4, maxFilters: 64, encoder: 'mobilenet_v2' });
    expect(parseUNetConfig('64x8x5x2-mobilenet_v2')).toEqual({ size: 64, baseFilters: 8, depth: 5, batch: 2, encoder: 'mobilenet_v2' });
  });

  it.each([['96x8x3x4-mobilenet_v2', /depth 4 or 5.*'96x8x3x4-mobilenet_v2'/], ['80x8x5x4-mobilenet_v2', /divisible by 32.*'80x8x5x4-mobilenet_v2'/]])(
    'refuses %s, a shape the MobileNetV2 encoder cannot take',
    (text, message) => {
      expect(() => parseUNetConfig(text)).toThrow(message);
    },
  );

  it.each(['128x16x5', '96x8x5x4x64x2', '96x8x0x4', '96x8.5x5x4', '96xbx5x4', '96x8x4x4-resnet'])('refuses %s, quoting it', (text) => {
    expect(() => parseUNetConfig(text)).toThrow(new RegExp(`SIZExBASExDEPTHxBATCH.*'${text.replace('.', '\\.')}'`));
  });

  it('writes back what it read, and names the cap in tables', () => {
    for (const text of ['128x16x5x4', '96x8x5x4x64', '160x8x4x4x64-mobilenet_v2']) expect(unetConfigText(parseUNetConfig(text))).toBe(text);
    expect(unetConfigName(parseUNetConfig('160x8x4x4x64-mobilenet_v2'))).toBe('160x160 MobileNetV2 depth 4, base 8 (at most 64) batch 4');
    expect(unetConfigName(parseUNetConfig('96x8x5x4x64'))).toBe('96x96 base 8 (at most 64) depth 5 batch 4');
    expect(unetConfigName(parseUNetConfig('64x8x5x8'))).toBe('64x64 base 8 depth 5 batch 8');
  });

  it('treats a missing cap as cap 0 and tells capped from uncapped', () => {
    const plain = parseUNetConfig('96x8x5x4');
    expect(sameUNetConfig(plain, { ...plain, maxFilters: 0 })).toBe(true);
    expect(sameUNetConfig(plain, parseUNetConfig('96x8x5x4x64'))).toBe(false);
    expect(sameUNetConfig(parseUNetConfig('96x8x4x4'), parseUNetConfig('96x8x4x4-mobilenet_v2'))).toBe(false);
    expect(sameUNetConfig(plain, { ...plain, encoder: 'unet' })).toBe(true);
  });
});
