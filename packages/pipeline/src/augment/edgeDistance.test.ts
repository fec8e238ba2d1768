import { describe, expect, it } from 'vitest';
import { edgeDistance } from './edgeDistance.js';

/** A mask from rows of '#' (object) and '.' (background). */
function maskOf(rows: string[]): { mask: Uint8Array; width: number; height: number } {
  const width = rows[0]!.length;
  const mask = Uint8Array.from(rows.join(''), (c) => (c === '#' ? 1 : 0));
  return { mask, width, height: rows.length };
}

describe('edgeDistance', () => {
  it('counts how many steps (diagonals included) an object pixel lies inside the outline', () => {
    const { mask, width, height } = maskOf(['.......', '.#####.', '.#####.', '.#####.', '.#####.', '.#####.', '.......']);
    const depth = edgeDistance(mask, width, height);
    const row = (y: number): number[] => Array.from(depth.subarray(y * width, (y + 1) * width));
    expect(row(0)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(row(1)).toEqual([0, 1, 1, 1, 1, 1, 0]);
    expect(row(2)).toEqual([0, 1, 2, 2, 2, 1, 0]);
    expect(row(3)).toEqual([0, 1, 2, 3, 2, 1, 0]);
  });

  it('measures to the nearest background pixel on any side, for a shape that is not convex', () => {
    const { mask, width, height } = maskOf(['#######', '#######', '###.###', '#######', '#######']);
    const depth = edgeDistance(mask, width, height);
    // The hole's eight neighbours are 1 deep, the ring around them 2, since the frame is no edge.
    expect(depth[2 * width + 2]).toBe(1);
    expect(depth[1 * width + 4]).toBe(1);
    expect(depth[2 * width + 1]).toBe(2);
    expect(depth[0]).toBe(3);
    expect(depth[2 * width + 6]).toBe(3);
  });

  it('leaves an object that fills the frame, with no background, at the largest depth everywhere', () => {
    const depth = edgeDistance(new Uint8Array(12).fill(1), 4, 3);
    expect(new Set(depth)).toEqual(new Set([0xffff]));
  });
});
