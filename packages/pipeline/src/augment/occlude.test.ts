import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applyAugment, drawAugment } from './augmentSample.js';
import { drawOccluder, occlude } from './occlude.js';

describe('drawOccluder', () => {
  it('draws with the given probability, a box inside the image of 4-25% its width and 10-60% its height', () => {
    let drawn = 0;
    for (let s = 0; s < 400; s++) {
      const o = drawOccluder(createRng(s), 0.3, 96, 64);
      if (o === undefined) continue;
      drawn++;
      expect(o.x0).toBeGreaterThanOrEqual(0);
      expect(o.y0).toBeGreaterThanOrEqual(0);
      expect(o.x1).toBeLessThanOrEqual(96);
      expect(o.y1).toBeLessThanOrEqual(64);
      expect(o.x1 - o.x0).toBeGreaterThanOrEqual(Math.round(96 * 0.04));
      expect(o.x1 - o.x0).toBeLessThanOrEqual(Math.round(96 * 0.25));
      expect(o.y1 - o.y0).toBeGreaterThanOrEqual(Math.round(64 * 0.1));
      expect(o.y1 - o.y0).toBeLessThanOrEqual(Math.round(64 * 0.6));
    }
    expect(drawn).toBeGreaterThan(90);
    expect(drawn).toBeLessThan(150);
    expect(drawOccluder(createRng(1), 0, 96, 64)).toBeUndefined();
    expect(drawOccluder(createRng(1), 1, 96, 64)).toBeDefined();
  });

  it('takes nine numbers whether it draws or not', () => {
    let calls = 0;
    const rng = createRng(3);
    const counted = () => {
      calls++;
      return rng();
    };
    drawOccluder(counted, 0, 10, 10);
    drawOccluder(counted, 1, 10, 10);
    expect(calls).toBe(18);
  });
});

describe('occlude', () => {
  it('paints the box, its top row in the drawn colour, and cuts it out of the mask; nothing outside changes', () => {
    const W = 8;
    const H = 6;
    const image = new Uint8Array(W * H * 3).fill(7);
    const mask = new Uint8Array(W * H).fill(1);
    occlude(image, mask, W, { x0: 2, y0: 1, x1: 5, y1: 5, rgb: [100, 50, 200], shade: 0.5 });
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        const inside = x >= 2 && x < 5 && y >= 1 && y < 5;
        expect(mask[p]).toBe(inside ? 0 : 1);
        if (!inside) expect(Array.from(image.subarray(p * 3, p * 3 + 3))).toEqual([7, 7, 7]);
      }
    }
    expect(Array.from(image.subarray((1 * W + 2) * 3, (1 * W + 2) * 3 + 3))).toEqual([100, 50, 200]);
    // The bottom row is shaded by 0.5.
    expect(Array.from(image.subarray((4 * W + 4) * 3, (4 * W + 4) * 3 + 3))).toEqual([50, 25, 100]);
  });

  it('in drawAugment: on, it changes no other draw; applied, image and mask stay aligned under a flip', () => {
    const settings = { hueDelta: 0.2, hflip: true, shift: [0.2, 0.2] as [number, number], scale: 0.1, brightness: 0.1 };
    const off = drawAugment(createRng(4), settings, 16, 16);
    const on = drawAugment(createRng(4), { ...settings, occlude: 1 }, 16, 16);
    expect(off.occluder).toBeUndefined();
    expect({ ...on, occluder: undefined }).toEqual(off);
    const o = on.occluder!;
    const image = new Uint8Array(16 * 16 * 3).fill(0);
    const mask = new Uint8Array(16 * 16).fill(1);
    applyAugment(image, mask, 16, 16, { hueDelta: 0, flip: true, dx: 0, dy: 0, scale: 1, brightness: 1, occluder: { ...o, rgb: [255, 255, 255], shade: 1 } });
    for (let p = 0; p < 16 * 16; p++) expect(mask[p] === 0).toBe(image[p * 3] === 255);
    expect(mask.indexOf(0)).toBeGreaterThanOrEqual(0);
    // Flipped: the cut-out lies at the mirrored columns.
    expect(mask[o.y0 * 16 + (15 - o.x0)]).toBe(0);
  });
});
