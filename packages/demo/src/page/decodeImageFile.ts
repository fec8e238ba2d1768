/** Decode a picked or dropped image file to RGBA pixels with the browser's own decoders. */
import { DemoError } from './errors.js';

/**
 * The file's pixels at its own size. EXIF orientation is ignored, as sharp does in `maskflow
 * predict`, so both see the same pixel grid and the mask lines up with the stored image.
 */
export async function decodeImageFile(file: File): Promise<ImageData> {
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
