import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectCarvanaLayout } from './__tests__/expectCarvanaLayout.js';
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
    for (const share of await expectCarvanaLayout(dir, 6, 192, 128)) {
      expect(share).toBeGreaterThan(0.01);
      expect(share).toBeLessThan(0.8);
    }
  });
});
