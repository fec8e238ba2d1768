import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectCarvanaLayout } from './__tests__/expectCarvanaLayout.js';
import { generateMeshCarvana, renderMeshView } from './generateMeshCarvana.js';
import { randomMeshCar } from './meshCar.js';
import { type Lighting, drawTriangles, emptyFrame, lookAt } from './meshRender.js';
import { createRng } from './rng.js';

const dir = mkdtempSync(join(tmpdir(), 'mesh-carvana-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const share = (mask: Uint8Array) => mask.reduce((a, v) => a + v, 0) / mask.length;

/** Columns and rows the mask covers: [left, right, top, bottom], inclusive. */
function extent(mask: Uint8Array, w: number): [number, number, number, number] {
  let l = w, r = -1, t = Infinity, b = -1;
  mask.forEach((v, i) => {
    if (!v) return;
    const x = i % w, y = Math.floor(i / w);
    [l, r, t, b] = [Math.min(l, x), Math.max(r, x), Math.min(t, y), Math.max(b, y)];
  });
  return [l, r, t, b];
}

describe('renderMeshView', () => {
  it('is deterministic in seed, car and view, and differs across them', () => {
    const a = renderMeshView(3, 0, 0, 16, 96, 64);
    expect(renderMeshView(3, 0, 0, 16, 96, 64)).toEqual(a);
    expect(renderMeshView(4, 0, 0, 16, 96, 64).rgb).not.toEqual(a.rgb);
    expect(renderMeshView(3, 1, 0, 16, 96, 64).mask).not.toEqual(a.mask);
  });

  it('turns the car: the side view is wider than the view from the front', () => {
    for (const seed of [1, 2, 5]) {
      const [l0, r0] = extent(renderMeshView(seed, 0, 0, 16, 192, 128).mask, 192);
      const [l4, r4] = extent(renderMeshView(seed, 0, 4, 16, 192, 128).mask, 192);
      expect(r0 - l0).toBeGreaterThan(1.5 * (r4 - l4));
    }
  });

  it('draws a solid car: seen from the side, every column of its mask is one run', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const w = 384, h = 256, { mask } = renderMeshView(seed, 0, 0, 16, w, h);
      for (let x = 0; x < w; x++) {
        let runs = 0;
        for (let y = 0; y < h; y++) if (mask[y * w + x] === 1 && (y === 0 || mask[(y - 1) * w + x] === 0)) runs++;
        expect(runs, `seed ${seed}, column ${x}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('puts one car inside every frame, clear of its edges', () => {
    for (let seed = 1; seed <= 6; seed++) {
      for (const view of [0, 3, 9]) {
        const w = 144, h = 96, { rgb, mask } = renderMeshView(seed, seed % 3, view, 16, w, h);
        expect(share(mask)).toBeGreaterThan(0.02);
        expect(share(mask)).toBeLessThan(0.6);
        const [l, r, t, b] = extent(mask, w);
        expect([l > 0, r < w - 1, t > 0, b < h - 1]).toEqual([true, true, true, true]);
        expect(rgb.length).toBe(w * h * 3);
      }
    }
  });
});

describe('the rasterizer', () => {
  it('masks exactly what it drew, and draws the reflection below the car without a mask', () => {
    const car = randomMeshCar(createRng(7));
    const cam = lookAt([0, -8, 1.2], [0, 0, 0.7], 60, 48, 32);
    const lighting: Lighting = { light: [0, -0.6, 0.8], ambient: 0.5, environment: 200, colours: { paint: [200, 20, 20], glass: [30, 30, 40], tyre: [28, 28, 30], rim: [170, 170, 170], trim: [30, 30, 30] } };
    const frame = emptyFrame(96, 64);
    drawTriangles(frame, cam, car.triangles, lighting, { yaw: 0, mirror: false });
    // Every masked pixel has a depth (was drawn), every unmasked one none.
    for (let i = 0; i < frame.mask.length; i++) expect(frame.mask[i] === 1).toBe(frame.depth[i]! > 0);
    // The reflection pass draws below the horizon and sets no mask.
    const mirror = emptyFrame(96, 64);
    drawTriangles(mirror, cam, car.triangles, lighting, { yaw: 0, mirror: true });
    expect(share(mirror.mask)).toBe(0);
    const [, , t] = extent(Uint8Array.from(mirror.depth, (d) => (d > 0 ? 1 : 0)), 96);
    const [, , , b] = extent(frame.mask, 96);
    expect(t).toBeGreaterThan(b - 6);
  });
});

describe('generateMeshCarvana', () => {
  it('writes Carvana layout: JPEGs, binary GIF masks that match the csv', async () => {
    const result = await generateMeshCarvana({ outDir: dir, cars: 2, views: 2, width: 96, height: 64, seed: 5 });
    expect(result.images).toBe(4);
    const shares = await expectCarvanaLayout(dir, 4, 96, 64);
    for (const s of shares) expect(s).toBeGreaterThan(0.02);
  });

  it('refuses a count of cars that is not a positive integer', async () => {
    await expect(generateMeshCarvana({ outDir: dir, cars: 0 })).rejects.toThrow(/cars: expected an integer >= 1/);
  });
});
