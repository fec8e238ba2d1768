import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { rleEncode } from './carvanaWriter.js';
import { drawCarViews, generateSvgCarvana } from './generateSvgCarvana.js';

const dir = mkdtempSync(join(tmpdir(), 'svg-carvana-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generateSvgCarvana', () => {
  it('draws the same views for the same seed and other views for another', () => {
    expect(drawCarViews(3, 0, 2, 192, 128)).toEqual(drawCarViews(3, 0, 2, 192, 128));
    expect(drawCarViews(4, 0, 2, 192, 128)[0]!.image).not.toBe(drawCarViews(3, 0, 2, 192, 128)[0]!.image);
  });

  it('writes Carvana layout: JPEGs, binary GIF masks that match the csv, a car in every frame', async () => {
    const result = await generateSvgCarvana({ outDir: dir, cars: 2, views: 3, width: 192, height: 128, seed: 5 });
    expect(result.images).toBe(6);
    const jpgs = readdirSync(join(dir, 'train')).sort();
    expect(jpgs).toHaveLength(6);
    expect(jpgs[0]).toMatch(/^[0-9a-f]{12}_01\.jpg$/);
    const rows = readFileSync(join(dir, 'train_masks.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('img,rle_mask');
    for (const row of rows.slice(1)) {
      const [img, rle] = row.split(',') as [string, string];
      const meta = await sharp(join(dir, 'train', img)).metadata();
      expect([meta.width, meta.height, meta.format]).toEqual([192, 128, 'jpeg']);
      const { data } = await sharp(join(dir, 'train_masks', img.replace('.jpg', '_mask.gif'))).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      expect(new Set(data)).toEqual(new Set([0, 255]));
      expect(rleEncode(Uint8Array.from(data, (v) => (v > 127 ? 1 : 0)))).toBe(rle);
      const share = data.reduce((a, v) => a + (v > 127 ? 1 : 0), 0) / data.length;
      expect(share).toBeGreaterThan(0.01);
      expect(share).toBeLessThan(0.8);
    }
  });
});
