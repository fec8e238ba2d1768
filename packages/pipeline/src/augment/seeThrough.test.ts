import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applyAugment, drawAugment } from './augmentSample.js';
import { applySeeThrough, drawSeeThrough, type SeeThrough } from './seeThrough.js';

const SETTINGS = { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] as [number, number], scale: 0.1, brightness: 0.2, occlude: 0.5, contrast: 0.3, saturation: 0.5, decoy: 0.5, blotch: 0.5, rotate: 10, stretch: 0.1, vflip: true };

const W = 64;
const H = 48;
/** The object: rows 12-35, columns x0 to x1 - 1. */
const TOP = 12;
const BOTTOM = 36;

/**
 * A W x H scene whose background is vertical stripes (red on even columns, blue on odd) and whose
 * object, a grey box of columns [x0, x1), is in the mask.
 */
function scene(x0: number, x1: number): { image: Uint8Array; mask: Uint8Array } {
  const image = new Uint8Array(W * H * 3);
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      const inside = y >= TOP && y < BOTTOM && x >= x0 && x < x1;
      mask[p] = inside ? 1 : 0;
      image.set(inside ? [128, 128, 128] : x % 2 === 0 ? [250, 0, 0] : [0, 0, 250], p * 3);
    }
  }
  return { image, mask };
}

const WHOLE: SeeThrough = { top: 0.25, band: 0.3, left: 0.2, right: 0.8, fromLeft: true, opacity: 1 };

describe('drawSeeThrough', () => {
  it('draws with the given probability, each fraction in its range', () => {
    const drawn: SeeThrough[] = [];
    for (let s = 0; s < 400; s++) {
      const d = drawSeeThrough(createRng(s), 0.5);
      if (d !== undefined) drawn.push(d);
    }
    expect(drawn.length).toBeGreaterThan(160);
    expect(drawn.length).toBeLessThan(240);
    for (const d of drawn) {
      expect(d.top).toBeGreaterThanOrEqual(0.05);
      expect(d.top + d.band).toBeLessThanOrEqual(0.7);
      expect(d.right - d.left).toBeGreaterThanOrEqual(0.3);
      expect(d.opacity).toBeGreaterThanOrEqual(0.6);
      expect(d.opacity).toBeLessThanOrEqual(1);
    }
    expect(drawn.filter((d) => d.fromLeft).length).toBeGreaterThan(drawn.length * 0.3);
    expect(drawSeeThrough(createRng(1), 0)).toBeUndefined();
    expect(drawSeeThrough(createRng(1), 1)).toBeDefined();
  });

  it("leaves every other operation's draws as they were", () => {
    for (let s = 0; s < 20; s++) {
      const without = drawAugment(createRng(s), SETTINGS, 32, 24);
      const withIt = drawAugment(createRng(s), { ...SETTINGS, seeThrough: 1 }, 32, 24);
      expect(without.seeThrough).toBeUndefined();
      expect(withIt.seeThrough).toBeDefined();
      expect({ ...withIt, seeThrough: undefined }).toEqual(without);
    }
  });
});

describe('applySeeThrough', () => {
  it("shows the background's stripes, same direction, in a band of the object's upper part; the rest and the mask stay", () => {
    const { image, mask } = scene(16, 48);
    const before = image.slice();
    const maskBefore = mask.slice();
    applySeeThrough(image, mask, W, H, WHOLE);
    expect(mask).toEqual(maskBefore);
    const changed: number[] = [];
    for (let p = 0; p < W * H; p++) if (image[p * 3] !== before[p * 3] || image[p * 3 + 2] !== before[p * 3 + 2]) changed.push(p);
    // Band rows 12 + 6 = 18 to 18 + 7 = 25 (exclusive), columns 16 + 6 = 22 to 16 + 26 = 42.
    expect(changed.length).toBe(7 * 20);
    for (const p of changed) {
      const [x, y] = [p % W, Math.floor(p / W)];
      expect(mask[p]).toBe(1);
      expect(y >= 18 && y < 25 && x >= 22 && x < 42).toBe(true);
      // Columns 0-15 repeat every 16, an even offset: red stays on even columns, as beside the object.
      expect(Array.from(image.subarray(p * 3, p * 3 + 3))).toEqual(x % 2 === 0 ? [250, 0, 0] : [0, 0, 250]);
    }
  });

  it('blends by the opacity and reads the right side when the left has no room', () => {
    const { image, mask } = scene(2, 40);
    applySeeThrough(image, mask, W, H, { ...WHOLE, opacity: 0.75 });
    // The object spans columns 2-39, so the band starts at 2 + round(0.2 * 38) = 10: column 10 of
    // the band reads column 40 (red, even), and its grey is blended a quarter in.
    const p = 20 * W + 10;
    expect(Array.from(image.subarray(p * 3, p * 3 + 3))).toEqual([Math.round(0.75 * 250 + 0.25 * 128), 32, 32]);
    expect(Array.from(image.subarray((20 * W + 11) * 3, (20 * W + 11) * 3 + 3))).toEqual([32, 32, Math.round(0.75 * 250 + 0.25 * 128)]);
  });

  it('leaves the image as it was with no object, or no background beside it', () => {
    const empty = scene(0, 0);
    const before = empty.image.slice();
    applySeeThrough(empty.image, empty.mask, W, H, WHOLE);
    expect(empty.image).toEqual(before);
    const wide = scene(2, 62);
    const wideBefore = wide.image.slice();
    applySeeThrough(wide.image, wide.mask, W, H, WHOLE);
    expect(wide.image).toEqual(wideBefore);
  });

  it('runs through applyAugment with the rest of a draw, the mask following only the geometry', () => {
    const { image, mask } = scene(16, 48);
    const plain = { image: image.slice(), mask: mask.slice() };
    const draw = { ...drawAugment(createRng(3), { hueDelta: 0, hflip: false, shift: [0, 0] as [number, number], scale: 0, brightness: 0 }, W, H), seeThrough: WHOLE };
    applyAugment(image, mask, W, H, draw);
    applyAugment(plain.image, plain.mask, W, H, { ...draw, seeThrough: undefined });
    expect(mask).toEqual(plain.mask);
    expect(image).not.toEqual(plain.image);
  });
});
