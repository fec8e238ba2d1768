import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applyPastes, drawPastes, type Paste } from './paste.js';

const W = 12;
const H = 8;
const PIXELS = W * H;

/** A batch of `objects.length` grey scenes (10); object k is the box [x0, x1) x [y0, y1) of sample k, coloured (50 + 50k, x, y). */
function batch(objects: ([number, number, number, number] | undefined)[]): { images: Uint8Array; masks: Uint8Array } {
  const images = new Uint8Array(objects.length * PIXELS * 3).fill(10);
  const masks = new Uint8Array(objects.length * PIXELS);
  objects.forEach((box, k) => {
    if (box === undefined) return;
    const [x0, y0, x1, y1] = box;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const p = k * PIXELS + y * W + x;
        masks[p] = 1;
        images.set([50 + 50 * k, x, y], p * 3);
      }
    }
  });
  return { images, masks };
}

const rgb = (images: Uint8Array, k: number, x: number, y: number): number[] => {
  const at = (k * PIXELS + y * W + x) * 3;
  return Array.from(images.subarray(at, at + 3));
};

const maskAt = (masks: Uint8Array, k: number): Uint8Array => masks.subarray(k * PIXELS, (k + 1) * PIXELS);

describe('drawPastes', () => {
  it('draws one paste per position with the probability, never from the position itself', () => {
    let drawn = 0;
    for (let s = 0; s < 200; s++) {
      const pastes = drawPastes(createRng(s), 0.4, 4);
      expect(pastes).toHaveLength(4);
      pastes.forEach((p, target) => {
        if (p === undefined) return;
        drawn++;
        expect(p.source).not.toBe(target);
        expect(p.source).toBeGreaterThanOrEqual(0);
        expect(p.source).toBeLessThan(4);
        expect(p.scale).toBeGreaterThanOrEqual(0.5);
        expect(p.scale).toBeLessThanOrEqual(1.1);
      });
    }
    expect(drawn).toBeGreaterThan(0.3 * 800);
    expect(drawn).toBeLessThan(0.5 * 800);
    expect(drawPastes(createRng(1), 0, 4).every((p) => p === undefined)).toBe(true);
    expect(drawPastes(createRng(1), 1, 1)).toEqual([undefined]);
  });

  it('takes six numbers per position whatever is drawn, and every other position is a source', () => {
    let calls = 0;
    const rng = createRng(5);
    const counted = (): number => {
      calls++;
      return rng();
    };
    drawPastes(counted, 0, 3);
    drawPastes(counted, 1, 1);
    expect(calls).toBe(24);
    const sources = new Set<number>();
    for (let s = 0; s < 60; s++) sources.add((drawPastes(createRng(s), 1, 3)[1] as Paste).source);
    expect([...sources].sort()).toEqual([0, 2]);
  });
});

describe('applyPastes', () => {
  it("pastes the source's object, and only its object pixels, onto the target and adds them to its mask", () => {
    const { images, masks } = batch([[2, 2, 5, 4], [8, 5, 11, 8]]);
    const before = { images: images.slice(), masks: masks.slice() };
    // Sample 0's 3x2 object at scale 1, flush top-left, onto sample 1.
    applyPastes(images, masks, W, H, [undefined, { source: 0, scale: 1, x: 0, y: 0, mirror: false }]);
    expect(images.subarray(0, PIXELS * 3)).toEqual(before.images.subarray(0, PIXELS * 3));
    expect(maskAt(masks, 0)).toEqual(maskAt(before.masks, 0));
    const target = maskAt(masks, 1);
    expect(target.reduce((n, v) => n + v, 0)).toBe(6 + 9);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) {
      expect(target[y * W + x]).toBe(1);
      expect(rgb(images, 1, x, y)).toEqual([50, 2 + x, 2 + y]);
    }
    expect(rgb(images, 1, 9, 6)).toEqual([100, 9, 6]);
    expect(rgb(images, 1, 5, 3)).toEqual([10, 10, 10]);
  });

  it('mirrors and rescales, flush bottom-right, and reads every source as it was before the batch was pasted', () => {
    const { images, masks } = batch([[0, 0, 2, 2], [6, 2, 10, 6]]);
    // Each onto the other: 1's 4x4 object halved and mirrored onto 0; 0's 2x2 object doubled onto 1.
    applyPastes(images, masks, W, H, [
      { source: 1, scale: 0.5, x: 1, y: 1, mirror: true },
      { source: 0, scale: 2, x: 0, y: 0, mirror: false },
    ]);
    // Sample 1's halved object is 2x2 at (10..11, 6..7): one pixel of each 2x2 block, columns 8
    // then 6 (mirrored), rows 3 and 5.
    expect(rgb(images, 0, 10, 6)).toEqual([100, 8, 3]);
    expect(rgb(images, 0, 11, 7)).toEqual([100, 6, 5]);
    expect(maskAt(masks, 0).reduce((n, v) => n + v, 0)).toBe(4 + 4);
    // Sample 0's original 2x2 object (not its pasted version) is doubled to 4x4 at the top left.
    expect(rgb(images, 1, 0, 0)).toEqual([50, 0, 0]);
    expect(rgb(images, 1, 3, 3)).toEqual([50, 1, 1]);
    expect(maskAt(masks, 1).reduce((n, v) => n + v, 0)).toBe(16 + 16);
  });

  it('changes nothing when the source has no object or no position draws a paste', () => {
    const { images, masks } = batch([undefined, [1, 1, 4, 4]]);
    const before = { images: images.slice(), masks: masks.slice() };
    applyPastes(images, masks, W, H, [undefined, { source: 0, scale: 1, x: 0.5, y: 0.5, mirror: false }]);
    applyPastes(images, masks, W, H, [undefined, undefined]);
    expect(images).toEqual(before.images);
    expect(masks).toEqual(before.masks);
  });
});
