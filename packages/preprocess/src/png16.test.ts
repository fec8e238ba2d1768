import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isPng16, png16ToRgba, pngImageData, stretchRange, stretchSample } from './png16.js';

describe('png16ToRgba', () => {
  it("stretches a grey 12-bit frame over 0-255, grey in R, G and B, opaque", async () => {
    const ramp = Uint16Array.from({ length: 64 }, (_, i) => 100 + i * 60);
    const png = await sharp(ramp, { raw: { width: 64, height: 1, channels: 1 } }).toColourspace('grey16').png().toBuffer();
    expect(isPng16(png)).toBe(true);
    const { width, height, data } = png16ToRgba(png, inflateSync(pngImageData(png)));
    expect([width, height]).toEqual([64, 1]);
    expect([data[0], data[1], data[2], data[3]]).toEqual([0, 0, 0, 255]);
    expect([data[63 * 4], data[63 * 4 + 3]]).toEqual([255, 255]);
    const reds = Array.from({ length: 64 }, (_, x) => data[x * 4] as number);
    expect(reds).toEqual([...reds].sort((a, b) => a - b));
  });

  it('tells 8-bit PNGs apart, and refuses an interlaced file saying what to do', async () => {
    const eight = await sharp(Buffer.from([1, 2, 3, 4]), { raw: { width: 2, height: 2, channels: 1 } }).png().toBuffer();
    expect(isPng16(eight)).toBe(false);
    const interlaced = await sharp(Uint16Array.from([1, 2, 3, 4]), { raw: { width: 2, height: 2, channels: 1 } }).toColourspace('grey16').png({ progressive: true }).toBuffer();
    expect(() => png16ToRgba(interlaced, inflateSync(pngImageData(interlaced)))).toThrow(/interlaced 16-bit PNG .* save it without interlacing/);
  });

  it('stretches the 0.1st to the 99.9th percentile, past hot pixels', () => {
    const values = Uint16Array.from({ length: 10_000 }, (_, i) => 1000 + (i % 1000));
    values.fill(65535, 0, 5); // five saturated pixels of 10,000
    values.fill(0, 5, 10); // and five dead ones
    expect(stretchRange(values)).toEqual([1000, 1999]);
    expect([stretchSample(1000, 1000, 255 / 999), stretchSample(1999, 1000, 255 / 999), stretchSample(65535, 1000, 255 / 999)]).toEqual([0, 255, 255]);
  });
});
