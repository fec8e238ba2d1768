import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applyAugment, drawAugment } from './augmentSample.js';
import { applyBlotch, drawBlotch, type Blotch } from './blotch.js';

const SETTINGS = { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] as [number, number], scale: 0.1, brightness: 0.2, occlude: 0.5, contrast: 0.3, saturation: 0.5, decoy: 0.5 };

/** A W x H image of one colour with a centred rectangular object of half its sides in the mask. */
function scene(W: number, H: number, rgb: [number, number, number]): { image: Uint8Array; mask: Uint8Array } {
  const image = new Uint8Array(W * H * 3);
  const mask = new Uint8Array(W * H);
  for (let p = 0; p < W * H; p++) image.set(rgb, p * 3);
  for (let y = H / 4; y < (3 * H) / 4; y++) mask.fill(1, y * W + W / 4, y * W + (3 * W) / 4);
  return { image, mask };
}

const pixel = (image: Uint8Array, p: number): number[] => Array.from(image.subarray(p * 3, p * 3 + 3));

describe('drawBlotch', () => {
  it('draws with the given probability; dark paint as often as bright; cell and cover in range', () => {
    const drawn: Blotch[] = [];
    for (let s = 0; s < 400; s++) {
      const b = drawBlotch(createRng(s), 0.5);
      if (b !== undefined) drawn.push(b);
    }
    expect(drawn.length).toBeGreaterThan(160);
    expect(drawn.length).toBeLessThan(240);
    for (const b of drawn) {
      expect(b.cell).toBeGreaterThanOrEqual(0.08);
      expect(b.cell).toBeLessThanOrEqual(0.3);
      expect(b.cover).toBeGreaterThanOrEqual(0.3);
      expect(b.cover).toBeLessThanOrEqual(0.6);
      expect(Number.isInteger(b.seed) && b.seed >= 0 && b.seed < 2 ** 32).toBe(true);
    }
    const brightest = drawn.map((b) => Math.max(...b.rgb));
    expect(brightest.filter((v) => v < 64).length).toBeGreaterThan(drawn.length * 0.15);
    expect(brightest.filter((v) => v > 192).length).toBeGreaterThan(drawn.length * 0.15);
    expect(drawBlotch(createRng(1), 0)).toBeUndefined();
    expect(drawBlotch(createRng(1), 1)).toBeDefined();
  });

  it("leaves every other operation's draws as they were", () => {
    for (let s = 0; s < 20; s++) {
      const without = drawAugment(createRng(s), SETTINGS, 32, 24);
      const withIt = drawAugment(createRng(s), { ...SETTINGS, blotch: 1 }, 32, 24);
      expect(without.blotch).toBeUndefined();
      expect(withIt.blotch).toBeDefined();
      expect({ ...withIt, blotch: undefined }).toEqual(without);
    }
  });
});

describe('applyBlotch', () => {
  const W = 64;
  const H = 48;
  const paint: [number, number, number] = [10, 200, 30];

  it('paints part of the object in the paint colour; background and mask stay as they were', () => {
    const { image, mask } = scene(W, H, [120, 60, 90]);
    const maskBefore = mask.slice();
    applyBlotch(image, mask, W, H, { seed: 7, cell: 0.2, cover: 0.5, rgb: paint });
    expect(mask).toEqual(maskBefore);
    let painted = 0;
    for (let p = 0; p < W * H; p++) {
      if (mask[p] === 0) {
        expect(pixel(image, p)).toEqual([120, 60, 90]);
        continue;
      }
      // The object is evenly lit, so a painted pixel is the paint exactly.
      const rgb = pixel(image, p);
      if (rgb[1] === 200) {
        expect(rgb).toEqual(paint);
        painted++;
      } else expect(rgb).toEqual([120, 60, 90]);
    }
    const objectPixels = (W / 2) * (H / 2);
    expect(painted).toBeGreaterThan(objectPixels * 0.1);
    expect(painted).toBeLessThan(objectPixels * 0.9);
  });

  it('covers more of the object with a higher threshold, and the same pattern for the same seed', () => {
    const count = (cover: number, seed: number): number => {
      const { image, mask } = scene(W, H, [120, 60, 90]);
      applyBlotch(image, mask, W, H, { seed, cell: 0.15, cover, rgb: paint });
      let n = 0;
      for (let p = 0; p < W * H; p++) if (image[p * 3 + 1] === 200) n++;
      return n;
    };
    expect(count(0.6, 3)).toBeGreaterThan(count(0.3, 3));
    expect(count(0.45, 3)).toBe(count(0.45, 3));
    const a = scene(W, H, [120, 60, 90]);
    const b = scene(W, H, [120, 60, 90]);
    applyBlotch(a.image, a.mask, W, H, { seed: 3, cell: 0.15, cover: 0.45, rgb: paint });
    applyBlotch(b.image, b.mask, W, H, { seed: 4, cell: 0.15, cover: 0.45, rgb: paint });
    expect(a.image).not.toEqual(b.image);
  });

  it("keeps the object's shading: a pixel twice as light as the object's mean gets twice the paint", () => {
    const { image, mask } = scene(W, H, [100, 100, 100]);
    // Cover 1 paints every object pixel; one highlight pixel in the object's centre.
    const centre = (H / 2) * W + W / 2;
    image.set([200, 200, 200], centre * 3);
    applyBlotch(image, mask, W, H, { seed: 1, cell: 0.2, cover: 1, rgb: [40, 20, 10] });
    const mean = (100 * (W / 2) * (H / 2) + 100) / ((W / 2) * (H / 2));
    expect(pixel(image, centre)).toEqual([40, 20, 10].map((c) => Math.round((c * 200) / mean)));
    expect(pixel(image, (H / 4 + 2) * W + W / 4 + 2)).toEqual([40, 20, 10].map((c) => Math.round((c * 100) / mean)));
  });

  it('leaves a rim along the outline unpainted, so the edge between object and background stays', () => {
    // A 100x80 object: its rim is 3% of the longer side, 3 pixels. Cover 1 paints all the rest.
    const w = 160;
    const h = 120;
    const image = new Uint8Array(w * h * 3).fill(90);
    const mask = new Uint8Array(w * h);
    for (let y = 20; y < 100; y++) mask.fill(1, y * w + 30, y * w + 130);
    applyBlotch(image, mask, w, h, { seed: 5, cell: 0.2, cover: 1, rgb: [0, 255, 0] });
    const painted = (x: number, y: number): boolean => image[(y * w + x) * 3 + 1] !== 90;
    // Along a row through the middle: unpainted for three pixels inside each side, painted after.
    expect([30, 31, 32].map((x) => painted(x, 60))).toEqual([false, false, false]);
    expect([33, 80, 126].map((x) => painted(x, 60))).toEqual([true, true, true]);
    expect([127, 128, 129].map((x) => painted(x, 60))).toEqual([false, false, false]);
    // The corner's rim is as wide as the sides' (the chessboard metric counts diagonal steps as 1).
    expect(painted(32, 22)).toBe(false);
    expect(painted(33, 23)).toBe(true);
  });

  it('changes nothing when the mask has no object', () => {
    const { image } = scene(W, H, [120, 60, 90]);
    const before = image.slice();
    applyBlotch(image, new Uint8Array(W * H), W, H, { seed: 1, cell: 0.2, cover: 1, rgb: paint });
    expect(image).toEqual(before);
  });

  it('runs before the colour operations, which then change the paint as they change the object', () => {
    const { image, mask } = scene(W, H, [120, 60, 90]);
    const blotch = { seed: 1, cell: 0.2, cover: 1, rgb: [100, 100, 100] as [number, number, number] };
    applyAugment(image, mask, W, H, { hueDelta: 0, flip: false, dx: 0, dy: 0, scale: 1, brightness: 0.5, blotch });
    expect(pixel(image, (H / 2) * W + W / 2)).toEqual([50, 50, 50]);
    expect(pixel(image, 0)).toEqual([60, 30, 45]);
  });
});
