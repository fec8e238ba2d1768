import { describe, expect, it } from 'vitest';
import { parseUNetConfig, sameUNetConfig, unetConfigName, unetConfigText } from './unetConfig.js';

describe('parseUNetConfig', () => {
  it('reads SIZExBASExDEPTHxBATCH without a cap and with one', () => {
    expect(parseUNetConfig('128x16x5x4')).toEqual({ size: 128, baseFilters: 16, depth: 5, batch: 4 });
    expect(parseUNetConfig('96x8x5x4x64')).toEqual({ size: 96, baseFilters: 8, depth: 5, batch: 4, maxFilters: 64 });
  });

  it.each(['128x16x5', '96x8x5x4x64x2', '96x8x0x4', '96x8.5x5x4', '96xbx5x4'])('refuses %s, quoting it', (text) => {
    expect(() => parseUNetConfig(text)).toThrow(new RegExp(`SIZExBASExDEPTHxBATCH.*'${text.replace('.', '\\.')}'`));
  });

  it('writes back what it read, and names the cap in tables', () => {
    for (const text of ['128x16x5x4', '96x8x5x4x64']) expect(unetConfigText(parseUNetConfig(text))).toBe(text);
    expect(unetConfigName(parseUNetConfig('96x8x5x4x64'))).toBe('96x96 base 8 (at most 64) depth 5 batch 4');
    expect(unetConfigName(parseUNetConfig('64x8x5x8'))).toBe('64x64 base 8 depth 5 batch 8');
  });

  it('treats a missing cap as cap 0 and tells capped from uncapped', () => {
    const plain = parseUNetConfig('96x8x5x4');
    expect(sameUNetConfig(plain, { ...plain, maxFilters: 0 })).toBe(true);
    expect(sameUNetConfig(plain, parseUNetConfig('96x8x5x4x64'))).toBe(false);
  });
});
