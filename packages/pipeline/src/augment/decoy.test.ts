import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applyAugment, drawAugment } from './augmentSample.js';
import { applyDecoy, drawDecoy, type Decoy } from './decoy.js';

/** A W x H scene: grey background (10), an object box [ox0, ox1) x [oy0, oy1) whose pixels are coloured by position. */
function scene(W: number, H: number, ox0: number, oy0: number, ox1: number, oy1: number): { image: Uint8Array; mask: Uint8Array } {
  const image = new Uint8Array(W * H * 3).fill(10);
  const mask = new Uint8Array(W * H);
  for (let y = oy0; y < oy1; y++) {
    for (let x = ox0; x < ox1; x++) {
      const p = y * W + x;
      mask[p] = 1;
      image.set([100 + x, 100 + y, 200], p * 3);
    }
  }
  return { image, mask };
}

const rgb = (image: Uint8Array, W: number, x: number, y: number): number[] => Array.from(image.subarray((y * W + x) * 3, (y * W + x) * 3 + 3));

describe('drawDecoy', () => {
  it('draws with the given probability, piece sides 10-35% of the image', () => {
    let drawn = 0;
    for (let s = 0; s < 400; s++) {
      const d = drawDecoy(createRng(s), 0.3);
      if (d === undefined) continue;
      drawn++;
      for (const side of [d.w, d.h]) {
        expect(side).toBeGreaterThanOrEqual(0.1);
        expect(side).toBeLessThanOrEqual(0.35);
      }
    }
    expect(drawn).toBeGreaterThan(90);
    expect(drawn).toBeLessThan(150);
    expect(drawDecoy(createRng(1), 0)).toBeUndefined();
    expect(drawDecoy(createRng(1), 1)).toBeDefined();
  });

  it('takes eight numbers whether it draws or not, so turning it on changes no other draw', () => {
    let calls = 0;
    const rng = createRng(3);
    const counted = (): number => {
      calls++;
      return rng();
    };
    drawDecoy(counted, 0);
    drawDecoy(counted, 1);
    expect(calls).toBe(16);
    const settings = { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] as [number, number], scale: 0.2, brightness: 0.2, occlude: 0.5, contrast: 0.3, saturation: 0.5 };
    const off = drawAugment(createRng(9), settings, 32, 32);
    const on = drawAugment(createRng(9), { ...settings, decoy: 1 }, 32, 32);
    expect({ ...on, decoy: undefined }).toEqual(off);
    expect(on.decoy).toBeDefined();
  });
});

describe('applyDecoy', () => {
  const W = 20;
  const H = 10;

  it("copies the object's pixels onto the background and leaves the mask and the object as they were", () => {
    const { image, mask } = scene(W, H, 12, 2, 18, 8);
    const maskBefore = mask.slice();
    const objectBefore = image.slice();
    // A 4x4 piece from the object's top-left corner, put at the image's top-left corner.
    const d: Decoy = { w: 4 / W, h: 4 / H, sx: 0, sy: 0, dx: 0, dy: 0, mirror: false };
    applyDecoy(image, mask, W, H, d);
    expect(mask).toEqual(maskBefore);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        if (mask[p] === 1) expect(rgb(image, W, x, y)).toEqual(rgb(objectBefore, W, x, y));
        else if (x < 4 && y < 4) expect(rgb(image, W, x, y)).toEqual([100 + 12 + x, 100 + 2 + y, 200]);
        else expect(rgb(image, W, x, y)).toEqual([10, 10, 10]);
      }
    }
  });

  it("copies only the object's own pixels (its outline, not a box), mirrored when drawn so", () => {
    const { image, mask } = scene(W, H, 12, 2, 18, 8);
    // Piece 8 wide at the object box's left edge... the box is only 6 wide, so it is clipped to 6.
    applyDecoy(image, mask, W, H, { w: 8 / W, h: 2 / H, sx: 0, sy: 0, dx: 0, dy: 0, mirror: true });
    // Mirrored: the destination's column 0 holds the object's last column (x = 17).
    expect(rgb(image, W, 0, 0)).toEqual([100 + 17, 102, 200]);
    expect(rgb(image, W, 5, 1)).toEqual([100 + 12, 103, 200]);
    expect(rgb(image, W, 6, 0)).toEqual([10, 10, 10]);
  });

  it('never paints over the object, and reads the piece whole when it lands on itself', () => {
    const { image, mask } = scene(W, H, 4, 2, 10, 8);
    const before = image.slice();
    // A piece of the whole object box moved 2 px right, overlapping where it came from.
    applyDecoy(image, mask, W, H, { w: 6 / W, h: 6 / H, sx: 0, sy: 0, dx: 6 / (W - 6 + 1), dy: 2 / (H - 6 + 1), mirror: false });
    for (let y = 2; y < 8; y++) {
      for (let x = 4; x < 10; x++) expect(rgb(image, W, x, y)).toEqual(rgb(before, W, x, y));
      // Columns 10-11 of the copy: the object's columns 8-9 as they were before any write.
      expect(rgb(image, W, 10, y)).toEqual([108, 100 + y, 200]);
      expect(rgb(image, W, 11, y)).toEqual([109, 100 + y, 200]);
    }
  });

  it('leaves an image with no object as it was', () => {
    const image = new Uint8Array(W * H * 3).fill(5);
    const mask = new Uint8Array(W * H);
    applyDecoy(image, mask, W, H, { w: 0.3, h: 0.3, sx: 0.5, sy: 0.5, dx: 0.1, dy: 0.1, mirror: false });
    expect(image.every((v) => v === 5)).toBe(true);
  });

  it('runs first in applyAugment, so the colour changes treat the copy as they treat the object', () => {
    const { image, mask } = scene(W, H, 12, 2, 18, 8);
    const maskBefore = mask.slice();
    const draw = { hueDelta: 0, flip: false, dx: 0, dy: 0, scale: 1, brightness: 0.5, decoy: { w: 4 / W, h: 4 / H, sx: 0, sy: 0, dx: 0, dy: 0, mirror: false } };
    applyAugment(image, mask, W, H, draw);
    expect(mask).toEqual(maskBefore);
    expect(rgb(image, W, 0, 0)).toEqual(rgb(image, W, 12, 2));
    expect(rgb(image, W, 0, 0)).toEqual([56, 51, 100]);
  });
});
