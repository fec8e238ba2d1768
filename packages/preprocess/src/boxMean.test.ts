import { describe, expect, it } from 'vitest';
import { boxMean } from './boxMean.js';

/** The clipped-window mean, pixel by pixel. */
function bruteForce(plane: Float32Array, width: number, height: number, radius: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let count = 0;
      for (let v = Math.max(0, y - radius); v <= Math.min(height - 1, y + radius); v++) {
        for (let u = Math.max(0, x - radius); u <= Math.min(width - 1, x + radius); u++) {
          sum += plane[v * width + u] as number;
          count++;
        }
      }
      out.push(sum / count);
    }
  }
  return out;
}

describe('boxMean', () => {
  it('is the mean over the window clipped at the edges, for radii inside and beyond the image', () => {
    const [width, height] = [7, 5];
    const plane = Float32Array.from({ length: width * height }, (_, i) => ((i * 37) % 11) / 10);
    for (const radius of [0, 1, 2, 4, 9]) {
      const got = Array.from(boxMean(plane, width, height, radius));
      const want = bruteForce(plane, width, height, radius);
      for (const [i, v] of got.entries()) expect(v).toBeCloseTo(want[i] as number, 5);
    }
  });

  it('leaves a constant plane as it is', () => {
    const out = boxMean(new Float32Array(12).fill(0.25), 4, 3, 1);
    expect(out.every((v) => v === 0.25)).toBe(true);
  });
});
