/** The Carvana-layout checks both generators' tests share. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { rleEncode } from '../carvanaWriter.js';

/**
 * Checks that `dir` holds `images` JPEGs of width x height named `<12 hex>_<NN>.jpg`, a two-colour
 * GIF mask for each and a train_masks.csv whose RLE is each mask's; returns every mask's share of car pixels.
 */
export async function expectCarvanaLayout(dir: string, images: number, width: number, height: number): Promise<number[]> {
  const jpgs = readdirSync(join(dir, 'train')).sort();
  expect(jpgs).toHaveLength(images);
  expect(jpgs[0]).toMatch(/^[0-9a-f]{12}_01\.jpg$/);
  const rows = readFileSync(join(dir, 'train_masks.csv'), 'utf8').trim().split('\n');
  expect(rows[0]).toBe('img,rle_mask');
  expect(rows).toHaveLength(images + 1);
  const shares: number[] = [];
  for (const row of rows.slice(1)) {
    const [img, rle] = row.split(',') as [string, string];
    const meta = await sharp(join(dir, 'train', img)).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([width, height, 'jpeg']);
    const { data } = await sharp(join(dir, 'train_masks', img.replace('.jpg', '_mask.gif'))).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(new Set(data)).toEqual(new Set([0, 255]));
    expect(rleEncode(Uint8Array.from(data, (v) => (v > 127 ? 1 : 0)))).toBe(rle);
    shares.push(data.reduce((a, v) => a + (v > 127 ? 1 : 0), 0) / data.length);
  }
  return shares;
}
