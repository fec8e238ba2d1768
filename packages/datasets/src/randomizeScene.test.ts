import { describe, expect, it } from 'vitest';
import { randomizeScene } from './randomizeScene.js';
import { renderCarView } from './renderCarView.js';
import { createRng } from './rng.js';
import { createCarModel, layoutCarView } from './syntheticCar.js';

const W = 120;
const H = 80;

/** One studio view of car 0, view 2 of seed 5. */
function studio(): { rgb: Uint8Array; mask: Uint8Array } {
  const rgb = new Uint8Array(W * H * 3);
  const mask = new Uint8Array(W * H);
  renderCarView(layoutCarView(createCarModel(5, 0), 5, 0, 2, 16, W, H), W, H, rgb, mask);
  return { rgb, mask };
}

const changed = (a: Uint8Array, b: Uint8Array, mask: Uint8Array, on: 0 | 1): number => {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === on && (a[i * 3] !== b[i * 3] || a[i * 3 + 1] !== b[i * 3 + 1] || a[i * 3 + 2] !== b[i * 3 + 2])) n++;
  return n;
};

describe('randomizeScene', () => {
  it('is deterministic for a seed, and different seeds give different scenes', () => {
    const a = studio();
    const b = studio();
    const c = studio();
    randomizeScene(a.rgb, a.mask, W, H, createRng(1));
    randomizeScene(b.rgb, b.mask, W, H, createRng(1));
    randomizeScene(c.rgb, c.mask, W, H, createRng(2));
    expect(b.rgb).toEqual(a.rgb);
    expect(b.mask).toEqual(a.mask);
    expect(c.rgb).not.toEqual(a.rgb);
  });

  it('over many seeds repaints most backdrops and about half of the cars; the mask only loses pixels, where bars cover the car', () => {
    const base = studio();
    const carPixels = base.mask.reduce((s, v) => s + v, 0);
    expect(carPixels).toBeGreaterThan(200);
    let backdrops = 0;
    let cars = 0;
    let cut = 0;
    const seeds = 60;
    for (let seed = 0; seed < seeds; seed++) {
      const { rgb, mask } = studio();
      randomizeScene(rgb, mask, W, H, createRng(seed));
      let grown = 0;
      for (let i = 0; i < mask.length; i++) if (mask[i]! > base.mask[i]!) grown++;
      expect(grown).toBe(0);
      const kept = mask.reduce((s, v) => s + v, 0);
      if (kept < carPixels) cut++;
      if (changed(base.rgb, rgb, base.mask, 0) > 0.5 * (W * H - carPixels)) backdrops++;
      if (changed(base.rgb, rgb, mask, 1) > 0.5 * kept) cars++;
    }
    // Probabilities 0.85 (backdrop), 0.5 (paint) and 0.3 (bars; a bar can miss the car).
    expect(backdrops / seeds).toBeGreaterThan(0.7);
    expect(backdrops).toBeLessThan(seeds);
    expect(cars / seeds).toBeGreaterThan(0.3);
    expect(cars / seeds).toBeLessThan(0.7);
    expect(cut / seeds).toBeGreaterThan(0.05);
    expect(cut / seeds).toBeLessThan(0.35);
  });
});
