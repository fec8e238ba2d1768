import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { resampleWeights } from './resampleWeights.js';
import { resizeImage } from './resizeImage.js';
import { resizeProbabilities } from './maskFromProbabilities.js';

/** A smooth RGB test pattern (what photos look like at the scale of a few pixels). */
function smoothImage(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Math.round(127 + 120 * Math.sin(x / 5 + c) * Math.cos(y / 7));
    }
  }
  return data;
}

describe('resampleWeights', () => {
  it('is the identity when the size does not change', () => {
    const w = resampleWeights(5, 5);
    for (let i = 0; i < 5; i++) {
      expect(w.start[i]).toBe(i);
      expect(w.weights[i * w.taps]).toBe(1);
    }
  });

  it('shrinks by 2 with the stretched triangle [1, 3, 3, 1] / 8, renormalised at the edge', () => {
    const w = resampleWeights(8, 4);
    const taps = (i: number) => Array.from(w.weights.subarray(i * w.taps, i * w.taps + (w.count[i] as number)));
    expect(w.start[1]).toBe(1);
    expect(taps(1)).toEqual([1 / 8, 3 / 8, 3 / 8, 1 / 8]);
    expect(w.start[0]).toBe(0);
    expect(taps(0)).toEqual([3 / 7, 3 / 7, 1 / 7]);
  });
});

describe('resizeImage', () => {
  it('keeps the pixels at the same size and drops alpha', () => {
    const rgba = new Uint8ClampedArray([10, 20, 30, 255, 40, 50, 60, 0, 70, 80, 90, 128, 100, 110, 120, 7]);
    const out = resizeImage({ width: 2, height: 2, data: rgba }, [2, 2]);
    expect(Array.from(out.data)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]);
  });

  it('keeps a constant image constant at any size', () => {
    const data = new Uint8Array(7 * 5 * 3).fill(201);
    for (const size of [[1, 1], [3, 11], [20, 9]] as [number, number][]) {
      const out = resizeImage({ width: 7, height: 5, data }, size);
      expect(out.data.length).toBe(size[0] * size[1] * 3);
      expect(out.data.every((v) => v === 201)).toBe(true);
    }
  });

  it('enlarges exactly like tf.image.resizeBilinear with half-pixel centres', () => {
    const plane = Float32Array.from({ length: 6 * 4 }, (_, i) => ((i * 37) % 11) / 10);
    const mine = resizeProbabilities(plane, [4, 6], [10, 15]);
    const ref = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(plane, [1, 4, 6, 1]), [10, 15], false, true).dataSync());
    let max = 0;
    for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs((ref[i] as number) - (mine[i] as number)));
    expect(max).toBeLessThan(1e-6);
  });

  it('shrinks within a level of the training pipeline (sharp, linear kernel) on average', async () => {
    const [width, height] = [96, 64];
    const data = smoothImage(width, height);
    for (const [h, w] of [[32, 48], [40, 40], [16, 24]] as [number, number][]) {
      const ref = await sharp(data, { raw: { width, height, channels: 3 } }).resize({ width: w, height: h, fit: 'fill', kernel: 'linear' }).raw().toBuffer();
      const mine = resizeImage({ width, height, data }, [h, w]).data;
      let sum = 0;
      let max = 0;
      for (let i = 0; i < ref.length; i++) {
        const d = Math.abs((ref[i] as number) - (mine[i] as number));
        sum += d;
        max = Math.max(max, d);
      }
      expect(sum / ref.length).toBeLessThan(1);
      expect(max).toBeLessThanOrEqual(5);
    }
  });

  it('rejects encoded bytes, wrong types and bad sizes with messages that say what to pass', () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(() => resizeImage({ width: 4, height: 4, data: png }, [2, 2])).toThrow(/data\.length.*Pass decoded pixels/);
    expect(() => resizeImage({ width: 2, height: 2, data: [1, 2] as unknown as Uint8Array }, [2, 2])).toThrow(TypeError);
    expect(() => resizeImage({ width: 0, height: 2, data: new Uint8Array(0) }, [2, 2])).toThrow(RangeError);
    expect(() => resizeImage({ width: 1, height: 1, data: new Uint8Array(3) }, [0, 2])).toThrow(/size\[0\] \(height\)/);
    expect(() => resizeImage({ width: 1, height: 1, data: new Uint8Array(3) }, 8 as unknown as [number, number])).toThrow(TypeError);
  });
});
