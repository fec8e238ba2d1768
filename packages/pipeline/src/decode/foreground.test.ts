import sharp from 'sharp';
import { encodeMaskGif, rleEncode } from '@maskflow/datasets';
import { describe, expect, it } from 'vitest';
import { png16, pngIndexed } from '../__tests__/png16.js';
import { tiffRaw } from '../__tests__/tiffRaw.js';
import { decodeMask } from '../index.js';
import { checkForeground } from './foreground.js';

// A 4x3 trimap as Oxford-IIIT Pet draws it: 1 pet, 2 background, 3 the pet's outline.
const W = 4;
const H = 3;
const trimap = [2, 3, 3, 2, 3, 1, 1, 3, 2, 3, 3, 2];
const pet: number[] = trimap.map((v) => (v === 1 || v === 3 ? 1 : 0));

const read = async (bytes: Uint8Array, foreground?: number[]): Promise<number[]> => Array.from((await decodeMask(bytes, foreground === undefined ? {} : { foreground })).data);

describe('foreground: the mask values that are the object', () => {
  it("reads a trimap's pet and outline as the object, where every non-zero value would be", async () => {
    const grey = await sharp(Buffer.from(trimap), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
    expect(await read(grey)).toEqual(Array(W * H).fill(1));
    expect(await read(grey, [1, 3])).toEqual(pet);
    expect(await read(grey, [1])).toEqual(trimap.map((v) => (v === 1 ? 1 : 0)));
    // The same map as a 2-bit grey PNG (sharp scales 1, 2, 3 to 85, 170, 255) and as a palette PNG.
    expect(await read(pngIndexed(trimap, W, H, 2), [1, 3])).toEqual(pet);
    const palette: [number, number, number][] = [[0, 0, 0], [128, 0, 0], [0, 128, 0], [224, 224, 192]];
    expect(await read(pngIndexed(trimap, W, H, 8, palette, [0, 1, 2, 3, 4]), [1, 3])).toEqual(pet);
    expect(await read(pngIndexed(trimap, W, H, 4, palette, [4, 3]), [1, 3])).toEqual(pet);
    // 16-bit ids and float labels compare by value; a resize keeps the majority, as always.
    expect(await read(png16(trimap, W, H, 1), [1, 3])).toEqual(pet);
    expect(await read(tiffRaw(trimap.map((v) => v + 0.001), W, H, 1, 'float32'), [1, 3])).toEqual(pet);
    const resized = await decodeMask(pngIndexed(trimap, W, H, 8, palette), { foreground: [1, 3], size: [6, 8] });
    expect(resized.data.reduce((a, b) => a + b, 0)).toBe(pet.reduce((a, b) => a + b, 0) * 4);
  });

  it("takes a GIF's palette indices, and leaves csv RLE masks (already the object) alone", async () => {
    const mask = Uint8Array.from(pet);
    const gif = encodeMaskGif(mask, W, H);
    expect(await read(gif, [1])).toEqual(pet);
    expect(await read(gif, [0])).toEqual(pet.map((v) => 1 - v));
    expect(Array.from((await decodeMask({ rle: rleEncode(mask, W, H), width: W, height: H }, { foreground: [7] })).data)).toEqual(pet);
  });

  it('picks the object of a colour-coded label map by its #rrggbb colours, in PNG, palette PNG and GIF', async () => {
    // A CamVid-like 4x3 map: road purple, car blue, sky grey; the car is the object.
    const [road, car, sky] = [[128, 64, 128], [64, 0, 128], [128, 128, 128]] as const;
    const map = [sky, sky, car, road, car, car, road, road, sky, car, road, road];
    const want = map.map((c) => (c === car ? 1 : 0));
    const rgb = Buffer.from(map.flat());
    expect(await read(await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer(), ['#400080'] as never)).toEqual(want);
    const palette = [[...road], [...car], [...sky]] as [number, number, number][];
    const indices = map.map((c) => [road, car, sky].indexOf(c));
    expect(await read(pngIndexed(indices, W, H, 8, palette), ['#400080'] as never)).toEqual(want);
    expect(Array.from((await decodeMask(encodeMaskGif(Uint8Array.from(want), W, H), { foreground: ['#FFFFFF'] })).data)).toEqual(want);
    // Grey levels read as (v, v, v); sky and road together.
    const grey = await sharp(Buffer.from(trimap), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
    expect(await read(grey, ['#010101', '#030303'] as never)).toEqual(pet);
    expect(await read(await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer(), ['#808080', '#804080'] as never)).toEqual(want.map((v) => 1 - v));
    // 16-bit and float masks carry no 8-bit colour: named, not guessed.
    await expect(decodeMask(png16(trimap, W, H, 1), { foreground: ['#010101'] })).rejects.toThrow(/16-bit samples, and colours \(#rrggbb\) name the object in 8-bit masks only: name its values instead/);
  });

  it('refuses lists that cannot name a mask value', () => {
    expect(checkForeground('foreground', [3, 1])).toEqual([1, 3]);
    expect(() => checkForeground('foreground', [])).toThrow(/a non-empty list of mask values/);
    expect(() => checkForeground('foreground', [1.5])).toThrow('Expected integers in [0, 65535] for foreground but received 1.5');
    expect(() => checkForeground('foreground', [1, 1])).toThrow(/distinct values/);
    expect(checkForeground('foreground', ['#C00000', '#00c000'])).toEqual(['#00c000', '#c00000']);
    expect(() => checkForeground('foreground', ['#c00000', 3])).toThrow(/all colours \(#rrggbb\), or all values/);
    expect(() => checkForeground('foreground', ['red'])).toThrow(/colours as #rrggbb/);
  });
});
