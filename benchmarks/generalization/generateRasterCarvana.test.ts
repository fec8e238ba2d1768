import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { rleEncode } from './carvanaWriter.js';
import { generateRasterCarvana, renderRasterView } from './generateRasterCarvana.js';
import { outlineRadius, randomRasterShape } from './rasterShape.js';
import { createRng } from './rng.js';

const dir = mkdtempSync(join(tmpdir(), 'raster-carvana-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const share = (mask: Uint8Array) => mask.reduce((a, v) => a + v, 0) / mask.length;

describe('renderRasterView', () => {
  it('is deterministic in seed, object and view, and differs across them', () => {
    const a = renderRasterView(3, 0, 0, 16, 96, 64);
    expect(renderRasterView(3, 0, 0, 16, 96, 64)).toEqual(a);
    expect(renderRasterView(4, 0, 0, 16, 96, 64).rgb).not.toEqual(a.rgb);
    expect(renderRasterView(3, 1, 0, 16, 96, 64).mask).not.toEqual(a.mask);
    // A quarter turn shows the object end-on: a narrower silhouette than the side view.
    expect(share(renderRasterView(3, 0, 4, 16, 96, 64).mask)).toBeLessThan(share(a.mask));
  });

  it('puts one object in every frame, inside it from top to bottom, painted apart from the backdrop', () => {
    for (let seed = 1; seed <= 6; seed++) {
      for (const view of [0, 3, 9]) {
        const { rgb, mask } = renderRasterView(seed, seed % 3, view, 16, 144, 96);
        expect(share(mask)).toBeGreaterThan(0.01);
        expect(share(mask)).toBeLessThan(0.7);
        // The object stands in the frame: nothing of it on the top row.
        expect(mask.subarray(0, 144).every((v) => v === 0)).toBe(true);
        expect(rgb.length).toBe(144 * 96 * 3);
      }
    }
  });

  it('keeps the outline radius above its floor for any harmonics', () => {
    const shape = randomRasterShape(createRng(9), [200, 30, 30]);
    for (let t = -Math.PI; t <= Math.PI; t += 0.01) expect(outlineRadius(shape, t, 1.3)).toBeGreaterThanOrEqual(0.35);
  });
});

describe('generateRasterCarvana', () => {
  it('writes Carvana layout: JPEGs, binary GIF masks that match the csv', async () => {
    const result = await generateRasterCarvana({ outDir: dir, cars: 2, views: 2, width: 96, height: 64, seed: 5 });
    expect(result.images).toBe(4);
    const jpgs = readdirSync(join(dir, 'train')).sort();
    expect(jpgs).toHaveLength(4);
    expect(jpgs[0]).toMatch(/^[0-9a-f]{12}_01\.jpg$/);
    const rows = readFileSync(join(dir, 'train_masks.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('img,rle_mask');
    for (const row of rows.slice(1)) {
      const [img, rle] = row.split(',') as [string, string];
      const meta = await sharp(join(dir, 'train', img)).metadata();
      expect([meta.width, meta.height, meta.format]).toEqual([96, 64, 'jpeg']);
      const { data } = await sharp(join(dir, 'train_masks', img.replace('.jpg', '_mask.gif'))).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      expect(new Set(data)).toEqual(new Set([0, 255]));
      expect(rleEncode(Uint8Array.from(data, (v) => (v > 127 ? 1 : 0)))).toBe(rle);
    }
  });

  it('refuses a count of objects that is not a positive integer', async () => {
    await expect(generateRasterCarvana({ outDir: dir, cars: 0 })).rejects.toThrow(/cars: expected an integer >= 1/);
  });
});
