import sharp from 'sharp';
import { encodeMaskGif } from '@maskflow/datasets';
import { describe, expect, it } from 'vitest';
import { png16, pngIndexed } from './__tests__/png16.js';
import { tiffRaw } from './__tests__/tiffRaw.js';
import { DecodeError, maskValueCounts } from './index.js';

const trimap = [2, 3, 3, 2, 3, 1, 1, 3, 2, 3, 3, 2];
const counted = async (bytes: Uint8Array): Promise<[number | string, number][]> => [...(await maskValueCounts(bytes))].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'en', { numeric: true }));

describe('maskValueCounts', () => {
  it('counts the values --foreground compares, however the mask is stored', async () => {
    const want: [number, number][] = [[1, 2], [2, 4], [3, 6]];
    expect(await counted(await sharp(Buffer.from(trimap), { raw: { width: 4, height: 3, channels: 1 } }).png().toBuffer())).toEqual(want);
    expect(await counted(pngIndexed(trimap, 4, 3, 2))).toEqual(want);
    expect(await counted(pngIndexed(trimap, 4, 3, 8, [[0, 0, 0], [128, 0, 0], [0, 128, 0], [224, 224, 192]]))).toEqual(want);
    expect(await counted(png16(trimap, 4, 3, 1))).toEqual(want);
    expect(await counted(tiffRaw(trimap.map((v) => v + 0.2), 4, 3, 1, 'float32'))).toEqual(want);
    expect(await counted(encodeMaskGif(Uint8Array.from(trimap, (v) => (v === 1 ? 1 : 0)), 4, 3))).toEqual([[0, 10], [1, 2]]);
    // A colour-coded mask: its colours, as --foreground '#rrggbb' names them; grey stored as RGB: its levels.
    const coded = Buffer.from([0, 0, 0, 0, 200, 0, 0, 0, 0, 0, 0, 255]);
    expect(await counted(await sharp(coded, { raw: { width: 2, height: 2, channels: 3 } }).png().toBuffer())).toEqual([['#000000', 2], ['#00c800', 1], ['#0000ff', 1]]);
    const greyRgb = Buffer.from([0, 0, 0, 9, 9, 9, 9, 9, 9, 0, 0, 0]);
    expect(await counted(await sharp(greyRgb, { raw: { width: 2, height: 2, channels: 3 } }).png().toBuffer())).toEqual([[0, 2], [9, 2]]);
  });

  it('names the file it cannot read', async () => {
    await expect(maskValueCounts(new Uint8Array([1, 2, 3]), 'masks/a.png')).rejects.toThrow(DecodeError);
    await expect(maskValueCounts(new Uint8Array([1, 2, 3]), 'masks/a.png')).rejects.toThrow(/masks\/a\.png/);
  });
});
