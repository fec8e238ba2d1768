import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectCarvanaLayout } from './__tests__/expectCarvanaLayout.js';
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
    await expectCarvanaLayout(dir, 4, 96, 64);
  });

  it('refuses a count of objects that is not a positive integer', async () => {
    await expect(generateRasterCarvana({ outDir: dir, cars: 0 })).rejects.toThrow(/cars: expected an integer >= 1/);
  });
});
