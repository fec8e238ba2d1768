import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applyAugment, drawAugment } from './augmentSample.js';
import { BLUR_SIGMA, blurImage, drawBlur } from './blur.js';

const SETTINGS = { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] as [number, number], scale: 0.1, brightness: 0.2, occlude: 0.5, contrast: 0.3, saturation: 0.5, decoy: 0.5, blotch: 0.5, rotate: 10, stretch: 0.1, vflip: true, seeThrough: 0.5 };

const W = 40;
const H = 30;

/** Vertical stripes two pixels wide, black and white, in every channel; the mask a box in the middle. */
function stripes(): { image: Uint8Array; mask: Uint8Array } {
  const image = new Uint8Array(W * H * 3);
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      image.fill(x % 4 < 2 ? 255 : 0, p * 3, p * 3 + 3);
      mask[p] = x >= 10 && x < 30 && y >= 8 && y < 22 ? 1 : 0;
    }
  }
  return { image, mask };
}

/** Max minus min of the red channel along row y, away from the clamped edges. */
function rowContrast(image: Uint8Array, y: number): number {
  let lo = 255;
  let hi = 0;
  for (let x = 8; x < W - 8; x++) {
    const v = image[(y * W + x) * 3] as number;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi - lo;
}

describe('drawBlur', () => {
  it('draws with the given probability, sigma in its range', () => {
    const drawn: number[] = [];
    for (let s = 0; s < 400; s++) {
      const d = drawBlur(createRng(s), 0.5);
      if (d !== undefined) drawn.push(d);
    }
    expect(drawn.length).toBeGreaterThan(160);
    expect(drawn.length).toBeLessThan(240);
    for (const sigma of drawn) {
      expect(sigma).toBeGreaterThanOrEqual(BLUR_SIGMA[0]);
      expect(sigma).toBeLessThanOrEqual(BLUR_SIGMA[1]);
    }
    expect(drawBlur(createRng(1), 0)).toBeUndefined();
    expect(drawBlur(createRng(1), 1)).toBeDefined();
  });

  it("leaves every other operation's draws as they were", () => {
    for (let s = 0; s < 20; s++) {
      const without = drawAugment(createRng(s), SETTINGS, 32, 24);
      const withIt = drawAugment(createRng(s), { ...SETTINGS, blur: 1 }, 32, 24);
      expect(without.blur).toBeUndefined();
      expect(withIt.blur).toBeDefined();
      expect({ ...withIt, blur: undefined }).toEqual(without);
    }
  });
});

describe('blurImage', () => {
  it('lowers the contrast of fine stripes, more the larger sigma', () => {
    const contrasts = [0.3, 0.75, 1.2].map((sigma) => {
      const { image } = stripes();
      blurImage(image, W, H, sigma);
      return rowContrast(image, 15);
    });
    expect(contrasts[0]).toBeGreaterThan(200);
    expect(contrasts[1]).toBeLessThan(contrasts[0] as number);
    expect(contrasts[2]).toBeLessThan(80);
  });

  it('leaves the image as it is at sigma 0', () => {
    const { image } = stripes();
    const before = image.slice();
    blurImage(image, W, H, 0);
    expect(image).toEqual(before);
  });

  it('keeps a flat image and the mean of each row (edges clamped)', () => {
    const flat = new Uint8Array(W * H * 3).fill(77);
    blurImage(flat, W, H, 1.2);
    expect(flat.every((v) => v === 77)).toBe(true);
    const { image } = stripes();
    const before = image.reduce((s, v) => s + v, 0);
    blurImage(image, W, H, 0.75);
    const after = image.reduce((s, v) => s + v, 0);
    expect(Math.abs(after - before) / before).toBeLessThan(0.02);
  });

  it('blurs along columns too, not only rows', () => {
    const image = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) if (y % 4 < 2) image.fill(255, y * W * 3, (y + 1) * W * 3);
    blurImage(image, W, H, 1.2);
    const column = Array.from({ length: H - 16 }, (_, y) => image[((y + 8) * W + 5) * 3] as number);
    expect(Math.max(...column) - Math.min(...column)).toBeLessThan(80);
  });
});

describe('applyAugment with a blur', () => {
  it('blurs the image and leaves the mask sharp', () => {
    const plain = stripes();
    const blurred = stripes();
    const draw = { hueDelta: 0, flip: false, dx: 0, dy: 0, scale: 1, brightness: 1 };
    applyAugment(plain.image, plain.mask, W, H, draw);
    applyAugment(blurred.image, blurred.mask, W, H, { ...draw, blur: 1.2 });
    expect(blurred.mask).toEqual(plain.mask);
    expect(rowContrast(blurred.image, 15)).toBeLessThan(rowContrast(plain.image, 15) - 100);
  });
});
