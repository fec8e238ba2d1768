/** Pixels → the model's input: resized to its [height, width], float32 in [0, 1], NHWC. */
import { resizeImage, type PixelImage } from './resizeImage.js';

/**
 * float32(1/255). Bytes are multiplied by this float32 constant, exactly as @maskflow/model's
 * batchToTensors scales the training batches, so inference sees the same floats training did.
 */
export const PIXEL_SCALE = Math.fround(1 / 255);

/** Scale bytes 0..255 to float32 0..1 (one multiply by PIXEL_SCALE, rounded to float32). */
export function scalePixels(bytes: Uint8Array | Uint8ClampedArray): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] as number) * PIXEL_SCALE;
  return out;
}

/**
 * The model's input for one image: resizeImage to `size` = [height, width], then scalePixels.
 * Returns height·width·3 float32 values, the data of a [1, height, width, 3] (NHWC) tensor.
 */
export function toModelInput(image: PixelImage, size: [number, number]): Float32Array {
  return scalePixels(resizeImage(image, size).data);
}
