import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applySwaps, drawSwaps } from './swapBackground.js';

const W = 6;
const H = 4;
const PIXELS = W * H;

/** Two scenes: sample k's background is (k + 1) * 10 everywhere, its object a box coloured 200 + k. */
function pair(objects: [[number, number, number, number], [number, number, number, number]]): { images: Uint8Array; masks: Uint8Array } {
  const images = new Uint8Array(2 * PIXELS * 3);
  const masks = new Uint8Array(2 * PIXELS);
  objects.forEach(([x0, y0, x1, y1], k) => {
    images.fill((k + 1) * 10, k * PIXELS * 3, (k + 1) * PIXELS * 3);
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        masks[k * PIXELS + y * W + x] = 1;
        images.fill(200 + k, (k * PIXELS + y * W + x) * 3, (k * PIXELS + y * W + x + 1) * 3);
      }
    }
  });
  return { images, masks };
}

/** Sample k's image as one value per pixel (its red channel), row by row. */
const red = (images: Uint8Array, k: number): number[] => Array.from({ length: PIXELS }, (_, p) => images[(k * PIXELS + p) * 3]!);

describe('drawSwaps', () => {
  it('draws with the probability, never from the position itself, two numbers per position', () => {
    let drawn = 0;
    for (let s = 0; s < 200; s++) {
      drawSwaps(createRng(s), 0.5, 3).forEach((swap, target) => {
        if (swap === undefined) return;
        drawn++;
        expect(swap.source).not.toBe(target);
      });
    }
    expect(drawn).toBeGreaterThan(240);
    expect(drawn).toBeLessThan(360);
    let calls = 0;
    const rng = createRng(2);
    const counted = (): number => {
      calls++;
      return rng();
    };
    drawSwaps(counted, 0, 3);
    drawSwaps(counted, 1, 1);
    expect(calls).toBe(8);
    expect(drawSwaps(createRng(1), 1, 1)).toEqual([undefined]);
  });
});

describe('applySwaps', () => {
  it("takes the other sample's background where neither object is, keeps both objects and every mask", () => {
    const { images, masks } = pair([[0, 0, 2, 2], [4, 2, 6, 4]]);
    const before = masks.slice();
    applySwaps(images, masks, W, H, [{ source: 1 }, { source: 0 }]);
    expect(masks).toEqual(before);
    // Sample 0: its object (200) stays; where sample 1's object is, its own background (10) stays; elsewhere 1's (20).
    expect(red(images, 0)).toEqual([
      200, 200, 20, 20, 20, 20,
      200, 200, 20, 20, 20, 20,
      20, 20, 20, 20, 10, 10,
      20, 20, 20, 20, 10, 10,
    ]);
    // Sample 1 read sample 0 as it was before the swap onto 0: background 10, never 20.
    expect(red(images, 1)).toEqual([
      20, 20, 10, 10, 10, 10,
      20, 20, 10, 10, 10, 10,
      10, 10, 10, 10, 201, 201,
      10, 10, 10, 10, 201, 201,
    ]);
  });

  it('changes nothing when no position draws a swap', () => {
    const { images, masks } = pair([[0, 0, 2, 2], [4, 2, 6, 4]]);
    const before = images.slice();
    applySwaps(images, masks, W, H, [undefined, undefined]);
    expect(images).toEqual(before);
  });
});
