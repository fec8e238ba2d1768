import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applyAugment, drawAugment } from './augmentSample.js';
import { inverseMap, warp } from './warp.js';

const N = 20;
/** A 20x20 image and mask with a bright 4-wide, 12-tall bar at x 8-11, y 4-15 (centred). */
function bar(): { img: Uint8Array; mask: Uint8Array } {
  const img = new Uint8Array(N * N * 3);
  const mask = new Uint8Array(N * N);
  for (let y = 4; y < 16; y++) for (let x = 8; x < 12; x++) {
    mask[y * N + x] = 1;
    img.fill(240, (y * N + x) * 3, (y * N + x) * 3 + 3);
  }
  return { img, mask };
}
const sum = (m: Uint8Array): number => m.reduce((a, b) => a + b, 0);
/** The mask's bounding box as [x0, y0, x1, y1] (inclusive). */
function box(m: Uint8Array): number[] {
  let [x0, y0, x1, y1] = [N, N, -1, -1];
  for (let p = 0; p < N * N; p++) {
    if (m[p] !== 1) continue;
    const [x, y] = [p % N, Math.floor(p / N)];
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return [x0, y0, x1, y1];
}

describe('warp', () => {
  it('is the identity for the identity map', () => {
    const { img, mask } = bar();
    const [i0, m0] = [img.slice(), mask.slice()];
    warp(img, N, N, 3, inverseMap(1, 0, 1), 'bilinear');
    warp(mask, N, N, 1, inverseMap(1, 0, 1), 'nearest');
    expect(img).toEqual(i0);
    expect(mask).toEqual(m0);
  });

  it('turns a centred upright bar on its side at 90 degrees, image and mask alike', () => {
    const { img, mask } = bar();
    const map = inverseMap(1, Math.PI / 2, 1);
    warp(img, N, N, 3, map, 'bilinear');
    warp(mask, N, N, 1, map, 'nearest');
    expect(box(mask)).toEqual([4, 8, 15, 11]);
    expect(sum(mask)).toBe(48);
    for (let p = 0; p < N * N; p++) expect(img[p * 3]! > 120).toBe(mask[p] === 1);
  });

  it('turns content counter-clockwise on screen for a positive angle', () => {
    const mask = new Uint8Array(N * N);
    mask[10 * N + 15] = 1; // its centre (15.5, 10.5) is 5.5 right of the image centre (10, 10)
    warp(mask, N, N, 1, inverseMap(1, Math.PI / 2, 1), 'nearest');
    expect(mask.indexOf(1)).toBe(4 * N + 10); // now 5.5 above it: centre (10.5, 4.5)
    expect(sum(mask)).toBe(1);
  });

  it('stretches the width and narrows the height by the same factor, keeping the area and 0/1 masks', () => {
    const { mask } = bar();
    warp(mask, N, N, 1, inverseMap(1, 0, 1.5), 'nearest');
    expect(box(mask)).toEqual([7, 6, 12, 13]);
    expect(sum(mask)).toBe(48);
    expect(mask.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('fills what comes from outside the source with 0 (the corners of a rotated image)', () => {
    const img = new Uint8Array(N * N * 3).fill(200);
    warp(img, N, N, 3, inverseMap(1, Math.PI / 4, 1), 'bilinear');
    expect(Array.from(img.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(img.subarray((10 * N + 10) * 3, (10 * N + 10) * 3 + 3))).toEqual([200, 200, 200]);
  });
});

describe('rotate and stretch in drawAugment / applyAugment', () => {
  const base = { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] as [number, number], scale: 0.2, brightness: 0.2, blotch: 0.5 };

  it('draw within their ranges, after every older draw (turning them on changes nothing else)', () => {
    for (let s = 0; s < 200; s++) {
      const on = drawAugment(createRng(s), { ...base, rotate: 15, stretch: 0.2 }, 64, 64);
      const off = drawAugment(createRng(s), base, 64, 64);
      expect({ ...on, rotation: 0, stretch: 1 }).toEqual(off);
      expect(Math.abs(on.rotation!)).toBeLessThanOrEqual((15 * Math.PI) / 180);
      expect(Math.abs(on.stretch! - 1)).toBeLessThanOrEqual(0.2);
    }
  });

  it('move image and mask together', () => {
    const { img, mask } = bar();
    applyAugment(img, mask, N, N, { hueDelta: 0, flip: false, dx: 0, dy: 0, scale: 1.2, brightness: 1, rotation: 0.4, stretch: 1.1 });
    expect(sum(mask)).toBeGreaterThan(48);
    for (let p = 0; p < N * N; p++) if (mask[p] === 1) expect(img[p * 3]).toBeGreaterThan(100);
  });
});
