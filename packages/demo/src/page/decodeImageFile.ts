/** Decode a picked or dropped image file to RGBA pixels with the browser's own decoders, or for a 16-bit PNG with predict's stretch. */
import { isPng16, png16ToRgba, pngImageData } from '@maskflow/preprocess';
import { DemoError } from './errors.js';

/** Inflate a zlib stream (a PNG's image data) with the browser's DecompressionStream. */
async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A 16-bit PNG as `maskflow predict` reads it: a browser would keep each sample's high byte, a
 * 12-bit microscope frame near black, while predict stretches it to its own range
 * (@maskflow/preprocess's png16ToRgba, the same arithmetic).
 */
async function decodePng16(file: File, bytes: Uint8Array): Promise<ImageData> {
  try {
    const { width, height, data } = png16ToRgba(bytes, await inflate(pngImageData(bytes)));
    return new ImageData(data as Uint8ClampedArray<ArrayBuffer>, width, height);
  } catch (error) {
    throw new DemoError(`${file.name} is a 16-bit PNG this page cannot read (${(error as Error).message}).`, { cause: error });
  }
}

/**
 * The file's pixels at its own size. EXIF orientation is ignored, as sharp does in `maskflow
 * predict`, so both see the same pixel grid and the mask lines up with the stored image.
 */
export async function decodeImageFile(file: File): Promise<ImageData> {
  // A PNG's bit depth is byte 24: read the header alone before the whole file.
  if (isPng16(new Uint8Array(await file.slice(0, 32).arrayBuffer()))) return decodePng16(file, new Uint8Array(await file.arrayBuffer()));
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'none', premultiplyAlpha: 'none' });
  } catch (error) {
    throw new DemoError(`${file.name} is not an image this browser can decode (${(error as Error).message}). Pick a PNG, JPEG or WebP image.`, { cause: error });
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (context === null) throw new DemoError('This browser gives no 2D canvas to read the image pixels; try another browser.');
    context.drawImage(bitmap, 0, 0);
    return context.getImageData(0, 0, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}
