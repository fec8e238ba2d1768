import { describe, expect, it } from 'vitest';
import { boxMean } from './boxMean.js';
import { guidedFilter } from './guidedFilter.js';
import type { RgbImage } from './resizeImage.js';

/** A width x height guide: dark left of column `edge`, bright from it on (a vertical edge). */
function edgeGuide(width: number, height: number, edge: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(x < edge ? 40 : 210, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, data };
}

describe('guidedFilter', () => {
  it("moves a blurred step onto the guide's edge", () => {
    const [width, height, edge] = [40, 6, 23];
    // The input: a ramp from 0 to 1 over columns 14..29, centred 1.5 pixels left of the guide's edge.
    const input = Float32Array.from({ length: width * height }, (_, i) => Math.min(1, Math.max(0, ((i % width) - 14) / 15)));
    const out = guidedFilter(edgeGuide(width, height, edge), input, 4, 1e-4);
    const row = Array.from(out.subarray(2 * width, 3 * width));
    const firstAbove = row.findIndex((v) => v > 0.5);
    expect(firstAbove).toBe(edge);
    // Bilinear-style input crosses 0.5 at column 22 (inside the dark side); the filter does not.
    expect(Array.from(input.subarray(0, width)).findIndex((v) => v > 0.5)).toBe(22);
  });

  it('keeps a constant input and becomes the mean filter twice over when eps is huge', () => {
    const guide = edgeGuide(9, 7, 4);
    const flat = guidedFilter(guide, new Float32Array(63).fill(0.3), 2, 1e-4);
    for (const v of flat) expect(v).toBeCloseTo(0.3, 5);
    const input = Float32Array.from({ length: 63 }, (_, i) => (i % 5) / 4);
    const smooth = guidedFilter(guide, input, 2, 1e9);
    const twice = boxMean(boxMean(input, 9, 7, 2), 9, 7, 2);
    for (const [i, v] of smooth.entries()) expect(v).toBeCloseTo(twice[i] as number, 4);
  });
});
