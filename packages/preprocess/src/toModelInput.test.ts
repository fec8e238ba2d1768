import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resizeImage } from './resizeImage.js';
import { PIXEL_SCALE, scalePixels, toModelInput } from './toModelInput.js';

describe('toModelInput', () => {
  it('is resizeImage then a float32 multiply by 1/255, as training scales batches', () => {
    const data = Uint8Array.from({ length: 9 * 7 * 4 }, (_, i) => (i * 53) % 256);
    const image = { width: 9, height: 7, data };
    const x = toModelInput(image, [4, 6]);
    expect(x).toBeInstanceOf(Float32Array);
    expect(x.length).toBe(4 * 6 * 3);
    const bytes = resizeImage(image, [4, 6]).data;
    const ref = tf.tidy(() => tf.tensor1d(bytes, 'float32').mul(tf.scalar(PIXEL_SCALE)).dataSync());
    expect(Array.from(x)).toEqual(Array.from(ref));
  });

  it('maps 0 to 0 and 255 to 1', () => {
    expect(Array.from(scalePixels(new Uint8Array([0, 255])))).toEqual([0, 1]);
  });
});
