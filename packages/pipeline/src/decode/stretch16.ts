/**
 * 16-bit images (microscopy, scientific and medical cameras) mostly use a small part of their
 * range: a 12-bit sensor's 0-4095 stored in 16 bits converts to 0-15 of 255, a picture that is
 * near black to the model and to `maskflow explore`. Such an image is stretched instead, from the
 * 0.1st to the 99.9th percentile of its values (all channels together, so colours keep their
 * balance) to 0-255, as microscopy tools normalize each image. Training, evaluation and
 * prediction all decode through decodeImageBytes, so a model sees the same stretch in each.
 */
import sharp, { type Sharp } from 'sharp';

/** The share of the values left below the stretch's black point and above its white point. */
const TAIL = 0.001;

/** Whether `bytes` (of a `format` image whose header gave `depth`) hold more than 8 bits a sample. */
export function isSixteenBit(bytes: Uint8Array, format: string, depth: string | undefined): boolean {
  // A PNG's bit depth is byte 24 of its IHDR; its size came from the header, without metadata().
  if (format === 'png') return bytes[24] === 16;
  return depth === 'ushort' || depth === 'short';
}

/** The values at the `TAIL` and `1 - TAIL` quantiles of 16-bit samples, from their histogram. */
export function stretchRange(values: Uint16Array): [number, number] {
  const histogram = new Uint32Array(65536);
  for (let i = 0; i < values.length; i++) histogram[values[i] as number] = (histogram[values[i] as number] as number) + 1;
  const below = Math.floor(TAIL * values.length);
  let lo = 0;
  for (let seen = 0; lo < 65535 && seen + (histogram[lo] as number) <= below; lo++) seen += histogram[lo] as number;
  let hi = 65535;
  for (let seen = 0; hi > 0 && seen + (histogram[hi] as number) <= below; hi--) seen += histogram[hi] as number;
  return [lo, Math.max(hi, lo)];
}

/** A sharp image of `bytes` (16-bit samples) stretched to 8 bits, its alpha dropped: grey stays one channel, colour three. */
export async function stretchedImage(bytes: Uint8Array): Promise<Sharp> {
  const { channels } = await sharp(bytes).metadata();
  const grey = (channels ?? 3) <= 2;
  const { data, info } = await sharp(bytes).removeAlpha().toColourspace(grey ? 'grey16' : 'rgb16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  const values = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
  const [lo, hi] = stretchRange(values);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const out = Buffer.alloc(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(((values[i] as number) - lo) * scale)));
  return sharp(out, { raw: { width: info.width, height: info.height, channels: info.channels as 1 | 3 } });
}
