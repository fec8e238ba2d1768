import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applyAugment, drawAugment } from './augmentSample.js';
import { hueShift } from './hueShift.js';
import { drawObjectHue, objectHueShift } from './objectHue.js';

const SETTINGS = { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] as [number, number], scale: 0.1, brightness: 0.2, occlude: 0.5, contrast: 0.3, saturation: 0.5, decoy: 0.5 };

describe('drawObjectHue', () => {
  it('draws with the given probability, deltas over the whole colour circle', () => {
    const deltas: number[] = [];
    for (let s = 0; s < 400; s++) {
      const d = drawObjectHue(createRng(s), 0.25);
      if (d !== undefined) deltas.push(d);
    }
    expect(deltas.length).toBeGreaterThan(70);
    expect(deltas.length).toBeLessThan(130);
    expect(Math.min(...deltas)).toBeLessThan(-0.4);
    expect(Math.max(...deltas)).toBeGreaterThan(0.4);
    expect(deltas.every((d) => d >= -0.5 && d < 0.5)).toBe(true);
  });

  it("leaves every other operation's draws as they were", () => {
    for (let s = 0; s < 20; s++) {
      const without = drawAugment(createRng(s), SETTINGS, 32, 24);
      const withIt = drawAugment(createRng(s), { ...SETTINGS, objectHue: 1 }, 32, 24);
      expect(without.objectHue).toBeUndefined();
      expect(withIt.objectHue).toBeTypeOf('number');
      expect({ ...withIt, objectHue: undefined }).toEqual(without);
    }
  });
});

describe('objectHueShift', () => {
  /** 4 x 2 pixels, all (200, 40, 40); the mask marks the middle two of each row and the last pixel. */
  const mask = Uint8Array.from([0, 1, 1, 0, 0, 1, 1, 1]);
  const image = (): Uint8Array => Uint8Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? 200 : 40));

  it("turns the object's pixels, as hueShift would, and no other", () => {
    const rgb = image();
    objectHueShift(rgb, mask, 8, 1 / 3);
    const turned = Uint8Array.from([200, 40, 40]);
    hueShift(turned, 1, 1 / 3);
    expect(Array.from(turned)).toEqual([40, 200, 40]);
    for (let p = 0; p < 8; p++) expect(Array.from(rgb.subarray(p * 3, p * 3 + 3))).toEqual(mask[p] === 1 ? [40, 200, 40] : [200, 40, 40]);
  });

  it('changes nothing with an empty mask or delta 0', () => {
    const rgb = image();
    objectHueShift(rgb, new Uint8Array(8), 8, 0.3);
    objectHueShift(rgb, mask, 8, 0);
    expect(rgb).toEqual(image());
  });

  it('runs first among the colour operations, on the pixels the occluder left in the mask', () => {
    const W = 8;
    const H = 8;
    const rgb = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i % 3 === 0 ? 200 : 40));
    const m = new Uint8Array(W * H).fill(1);
    // Occluder over the left half: those pixels leave the mask and keep the occluder's colour.
    const occluder = { x0: 0, y0: 0, x1: 4, y1: 8, rgb: [10, 10, 250] as [number, number, number], shade: 1 };
    applyAugment(rgb, m, W, H, { hueDelta: 0, flip: false, dx: 0, dy: 0, scale: 1, brightness: 1, occluder, objectHue: 1 / 3 });
    expect(Array.from(rgb.subarray(0, 3))).toEqual([10, 10, 250]);
    expect(Array.from(rgb.subarray(7 * 3, 7 * 3 + 3))).toEqual([40, 200, 40]);
  });
});
