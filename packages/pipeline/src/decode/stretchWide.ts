/**
 * Images with more than 8 bits a sample (microscopy, scientific and medical cameras, remote
 * sensing) mostly use a small part of their range: a 12-bit sensor's 0-4095 stored in 16 bits
 * converts to 0-15 of 255, and a float image's 0-1 (or 0-4000 reflectance) to 0-1 (or all 255),
 * pictures that are black or white to the model and to `maskflow explore`. Such an image is
 * stretched instead, from the 0.1st to the 99.9th percentile of its values (all channels
 * together, so colours keep their balance) to 0-255, as microscopy tools normalize each image.
 * Training, evaluation and prediction all decode through decodeImageBytes, so a model sees the
 * same stretch in each; the demo page stretches 16-bit PNGs with the same functions
 * (@maskflow/preprocess's png16.ts).
 */
import { STRETCH_TAIL, stretchRange, stretchSample } from '@maskflow/preprocess';
import sharp, { type OutputInfo, type Sharp } from 'sharp';


/** The most samples a float image's quantiles are read from (sorting 2^20 floats takes about 0.1 s). */
const FLOAT_SAMPLES = 2 ** 20;

/** How samples wider than 8 bits are read: 16-bit integers exactly, 32-bit integers and floats as float. */
export type WideSamples = 'ushort' | 'float';

/** How `bytes` (of a `format` image whose header gave `depth`) are read when their samples have more than 8 bits, or undefined for 8 bits or fewer. */
export function wideSamples(bytes: Uint8Array, format: string, depth: string | undefined): WideSamples | undefined {
  // A PNG's bit depth is byte 24 of its IHDR; its size came from the header, without metadata().
  if (format === 'png') return bytes[24] === 16 ? 'ushort' : undefined;
  if (depth === 'ushort' || depth === 'short') return 'ushort';
  if (depth === 'float' || depth === 'double' || depth === 'uint' || depth === 'int') return 'float';
  return undefined;
}

/** Whether a `format` image is grey (with or without alpha): a PNG's colour type (IHDR byte 25) is 0 or 4, another format's header gave 1 or 2 `channels`. */
export function isGrey(bytes: Uint8Array, format: string, channels: number | undefined): boolean {
  if (format === 'png') return bytes[25] === 0 || bytes[25] === 4;
  return (channels ?? 3) <= 2;
}

/**
 * The `STRETCH_TAIL` and `1 - STRETCH_TAIL` quantiles of float samples, read from at most `FLOAT_SAMPLES` of
 * them sorted (every k-th, for a large image), which a single hot pixel of any size cannot upset
 * as a histogram over the value range would. NaN and infinite samples (no-data in remote sensing)
 * are left out; NaN and -Infinity draw black, +Infinity white.
 */
export function floatStretchRange(values: Float32Array): [number, number] {
  const stride = Math.max(1, Math.ceil(values.length / FLOAT_SAMPLES));
  const picked = new Float32Array(Math.ceil(values.length / stride));
  let n = 0;
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i] as number;
    if (Number.isFinite(v)) picked[n++] = v;
  }
  if (n === 0) return [0, 0];
  const sorted = picked.subarray(0, n).sort();
  const below = Math.floor(STRETCH_TAIL * n);
  return [sorted[below] as number, sorted[n - 1 - below] as number];
}

/** A sharp image of `bytes` (samples read as `samples`) stretched to 8 bits, its alpha dropped: grey stays one channel, colour three. */
export async function stretchedImage(bytes: Uint8Array, samples: WideSamples, grey: boolean): Promise<Sharp> {
  let values: Uint16Array | Float32Array;
  let range: [number, number];
  let info: OutputInfo;
  if (samples === 'ushort') {
    const out = await sharp(bytes).removeAlpha().toColourspace(grey ? 'grey16' : 'rgb16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    values = new Uint16Array(out.data.buffer, out.data.byteOffset, out.data.byteLength / 2);
    range = stretchRange(values);
    info = out.info;
  } else {
    // No colour conversion: libvips would scale or clip the floats as if they were 0-255 or 0-1.
    const out = await sharp(bytes).removeAlpha().raw({ depth: 'float' }).toBuffer({ resolveWithObject: true });
    values = new Float32Array(out.data.buffer.slice(out.data.byteOffset, out.data.byteOffset + out.data.byteLength));
    range = floatStretchRange(values);
    info = out.info;
  }
  const [lo, hi] = range;
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const out = Buffer.alloc(values.length);
  // The formula the demo page stretches 16-bit PNGs with (@maskflow/preprocess). NaN lands at 0;
  // +/-Infinity clamp to 255 and 0.
  for (let i = 0; i < values.length; i++) out[i] = stretchSample(values[i] as number, lo, scale) || 0;
  return sharp(out, { raw: { width: info.width, height: info.height, channels: info.channels as 1 | 3 } });
}
