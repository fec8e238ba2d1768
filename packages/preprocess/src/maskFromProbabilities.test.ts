import { describe, expect, it } from 'vitest';
import { maskFromProbabilities, resizeProbabilities, thresholdMask } from './maskFromProbabilities.js';

describe('maskFromProbabilities', () => {
  it('nearest repeats each probability over its block', () => {
    const p = new Float32Array([0.9, 0.1, 0.2, 0.8]);
    const mask = maskFromProbabilities(p, [2, 2], [4, 4], { method: 'nearest' });
    expect(Array.from(mask)).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
  });

  it('bilinear interpolates before thresholding, so edges fall between the samples', () => {
    // A vertical edge 0 | 1: at 4x, the columns near the edge interpolate through 0.5.
    const p = new Float32Array([0, 1, 0, 1]);
    const up = resizeProbabilities(p, [2, 2], [2, 8]);
    expect(Array.from(up.subarray(0, 8))).toEqual([0, 0, 0.125, 0.375, 0.625, 0.875, 1, 1]);
    expect(Array.from(maskFromProbabilities(p, [2, 2], [2, 8]).subarray(0, 8))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('thresholds strictly above the threshold and honours a custom one', () => {
    expect(Array.from(thresholdMask([0.5, 0.50001, 0.2, 1]))).toEqual([0, 1, 0, 1]);
    expect(Array.from(thresholdMask([0.5, 0.2, 0.1], 0.15))).toEqual([1, 1, 0]);
  });

  it('gives the image size even when the image is smaller than the model', () => {
    const p = new Float32Array(8 * 8).fill(0.7);
    const mask = maskFromProbabilities(p, [8, 8], [3, 5]);
    expect(mask.length).toBe(15);
    expect(mask.every((v) => v === 1)).toBe(true);
  });

  it("'guided' puts the mask's outline on the image's edges, closer than bilinear does", () => {
    // A 240x160 photo of a bright ellipse on a striped background; the "model" saw it at 12x12
    // and its probabilities are the true mask shrunk to that size (a perfect but coarse model).
    const [width, height] = [240, 160];
    const truth = new Uint8Array(width * height);
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside = ((x - 117) / 83) ** 2 + ((y - 84) / 47) ** 2 <= 1;
        truth[y * width + x] = inside ? 1 : 0;
        data.fill(inside ? 200 : 60 + 25 * ((x >> 3) % 2), (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
    }
    const p = resizeProbabilities(Float32Array.from(truth), [height, width], [12, 12]);
    const dice = (mask: Uint8Array): number => {
      let both = 0;
      let sum = 0;
      for (let i = 0; i < mask.length; i++) {
        both += (mask[i] as number) & (truth[i] as number);
        sum += (mask[i] as number) + (truth[i] as number);
      }
      return (2 * both) / sum;
    };
    const bilinear = dice(maskFromProbabilities(p, [12, 12], [height, width]));
    const guided = dice(maskFromProbabilities(p, [12, 12], [height, width], { method: 'guided', image: { width, height, data } }));
    expect(guided).toBeGreaterThan(0.99);
    expect(guided).toBeGreaterThan(bilinear + 0.005);
  });

  it("'guided' needs the image, at the mask's size", () => {
    const p = new Float32Array(4).fill(0.6);
    expect(() => maskFromProbabilities(p, [2, 2], [4, 4], { method: 'guided' })).toThrow(/image/);
    const small = { width: 2, height: 2, data: new Uint8Array(12) };
    expect(() => maskFromProbabilities(p, [2, 2], [4, 4], { method: 'guided', image: small })).toThrow(/mask's size 4x4/);
    const right = { width: 4, height: 4, data: new Uint8Array(48).fill(90) };
    expect(Array.from(maskFromProbabilities(p, [2, 2], [4, 4], { method: 'guided', image: right }))).toEqual(new Array(16).fill(1));
  });

  it('rejects a wrong length, a wrong type, a bad threshold or method', () => {
    expect(() => maskFromProbabilities(new Float32Array(3), [2, 2], [4, 4])).toThrow(/height·width = 4 for probabilities\.length but received 3/);
    expect(() => maskFromProbabilities([0.1, 0.2, 0.3, 0.4] as unknown as Float32Array, [2, 2], [4, 4])).toThrow(TypeError);
    expect(() => maskFromProbabilities(new Float32Array(4), [2, 2], [4, 4], { threshold: 2 })).toThrow(RangeError);
    expect(() => resizeProbabilities(new Float32Array(4), [2, 2], [4, 4], 'cubic' as 'nearest')).toThrow(/method/);
  });
});
