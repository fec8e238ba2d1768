import { createRng } from '@maskflow/datasets';
import { describe, expect, it } from 'vitest';
import { applyAugment, drawAugment } from './augmentSample.js';
import { contrast, saturation } from './colourJitter.js';

const pixels = Uint8Array.from([10, 200, 40, 90, 100, 250, 30, 30, 30, 250, 0, 128]);

describe('contrast', () => {
  it('is the identity at 1, flattens each channel to its mean at 0, and stretches about the mean above 1', () => {
    const same = pixels.slice();
    contrast(same, 4, 1);
    expect(same).toEqual(pixels);
    const flat = pixels.slice();
    contrast(flat, 4, 0);
    // Channel means: (10+90+30+250)/4 = 95, (200+100+30+0)/4 = 82.5, (40+250+30+128)/4 = 112.
    expect(Array.from(flat)).toEqual([95, 83, 112, 95, 83, 112, 95, 83, 112, 95, 83, 112]);
    const strong = pixels.slice();
    contrast(strong, 4, 1.5);
    // 95 + (10 - 95) * 1.5 = -32.5 -> 0; 95 + (90 - 95) * 1.5 = 87.5 -> 88; red of the last: 327.5 -> 255.
    expect([strong[0], strong[3], strong[9]]).toEqual([0, 88, 255]);
  });
});

describe('saturation', () => {
  it('is the identity at 1, greys at 0, and leaves grey pixels alone at any factor', () => {
    const same = pixels.slice();
    saturation(same, 4, 1);
    expect(same).toEqual(pixels);
    const grey = pixels.slice();
    saturation(grey, 4, 0);
    for (let p = 0; p < 4; p++) expect(new Set(grey.subarray(p * 3, p * 3 + 3)).size).toBe(1);
    // Luma of the first pixel: 0.299*10 + 0.587*200 + 0.114*40 = 124.95.
    expect(grey[0]).toBe(125);
    const vivid = pixels.slice();
    saturation(vivid, 4, 1.8);
    expect(Array.from(vivid.subarray(6, 9))).toEqual([30, 30, 30]);
    expect(vivid[1]! - vivid[0]!).toBeGreaterThan(pixels[1]! - pixels[0]!);
  });
});

describe('colour jitter in drawAugment', () => {
  const base = { hueDelta: 0.2, hflip: true, shift: [0.1, 0.1] as [number, number], scale: 0.1, brightness: 0.2, occlude: 0.5 };

  it('draws after every other operation, so turning it on leaves the other draws as they were', () => {
    for (let seed = 1; seed < 20; seed++) {
      const off = drawAugment(createRng(seed), base, 32, 32);
      const on = drawAugment(createRng(seed), { ...base, contrast: 0.4, saturation: 0.4 }, 32, 32);
      expect({ ...on, contrast: 1, saturation: 1 }).toEqual(off);
      expect(on.contrast).toBeGreaterThanOrEqual(0.6);
      expect(on.contrast).toBeLessThanOrEqual(1.4);
      expect(on.saturation).toBeGreaterThanOrEqual(0.6);
      expect(on.saturation).toBeLessThanOrEqual(1.4);
    }
  });

  it('changes the image but never the mask', () => {
    const image = Uint8Array.from({ length: 8 * 8 * 3 }, (_, i) => (i * 37) % 256);
    const mask = Uint8Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const [i0, m0] = [image.slice(), mask.slice()];
    applyAugment(image, mask, 8, 8, { hueDelta: 0, flip: false, dx: 0, dy: 0, scale: 1, brightness: 1, contrast: 0.5, saturation: 1.5 });
    expect(image).not.toEqual(i0);
    expect(mask).toEqual(m0);
  });
});
