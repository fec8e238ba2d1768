import { describe, expect, it } from 'vitest';
import { guideSize, refineProbabilities } from './guidedUpsample.js';

describe('guideSize', () => {
  it('is four times the model a side, never more than the image', () => {
    expect(guideSize([96, 96], [1280, 1918])).toEqual([384, 384]);
    expect(guideSize([96, 96], [200, 300])).toEqual([200, 300]);
    expect(guideSize([96, 128], [50, 1000])).toEqual([50, 512]);
    expect(() => guideSize([0, 96], [10, 10])).toThrow(/from/);
  });
});

describe('refineProbabilities', () => {
  const [width, height] = [64, 48];
  // Left half dark, right half bright: one vertical edge at column 32.
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.fill(i % width < 32 ? 30 : 220, i * 3, i * 3 + 3);
  const guide = { width, height, data };

  it("keeps a constant plane and stays in [0, 1] at the guide's size", () => {
    const flat = refineProbabilities(new Float32Array(16 * 16).fill(0.7), [16, 16], guide);
    expect(flat.length).toBe(width * height);
    for (const v of flat) expect(v).toBeCloseTo(0.7, 4);
    const steep = refineProbabilities(Float32Array.from({ length: 256 }, (_, i) => ((i % 16) - 5) / 3), [16, 16], guide);
    expect(Math.min(...steep)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...steep)).toBeLessThanOrEqual(1);
  });

  it('names a wrong probability count or a guide that is not RGB bytes', () => {
    expect(() => refineProbabilities(new Float32Array(10), [16, 16], guide)).toThrow(/probabilities\.length/);
    const rgba = { width, height, data: new Uint8Array(width * height * 4) };
    expect(() => refineProbabilities(new Float32Array(256), [16, 16], rgba)).toThrow(/guide\.data\.length/);
  });

  it("puts a coarse step's 0.5 crossing on the guide's edge", () => {
    // The model's step sits one of its pixels (4 guide pixels) left of the edge: columns 0-6 of 16 are 0.
    const p = Float32Array.from({ length: 256 }, (_, i) => (i % 16 < 7 ? 0 : 1));
    const refined = refineProbabilities(p, [16, 16], guide);
    const row = Array.from(refined.subarray(24 * width, 25 * width));
    expect(row.findIndex((v) => v > 0.5)).toBe(32);
  });
});
