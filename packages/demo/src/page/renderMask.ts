/** Draw the mask (grey 0/255 at the image's size) and the input with the mask as an overlay. */

/** Put the 0/1 `mask` into `canvas` as opaque grey 0/255 pixels at width x height. */
export function drawMask(canvas: HTMLCanvasElement, mask: Uint8Array, width: number, height: number): void {
  canvas.width = width;
  canvas.height = height;
  const pixels = new ImageData(width, height);
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i] === 1 ? 255 : 0;
    pixels.data[i * 4] = v;
    pixels.data[i * 4 + 1] = v;
    pixels.data[i * 4 + 2] = v;
    pixels.data[i * 4 + 3] = 255;
  }
  (canvas.getContext('2d') as CanvasRenderingContext2D).putImageData(pixels, 0, 0);
}

/** The input image with masked pixels tinted (half-way to magenta) in `canvas`. */
export function drawOverlay(canvas: HTMLCanvasElement, image: ImageData, mask: Uint8Array | undefined): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const pixels = new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
  if (mask !== undefined) {
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] !== 1) continue;
      pixels.data[i * 4] = ((pixels.data[i * 4] as number) + 255) >> 1;
      pixels.data[i * 4 + 1] = (pixels.data[i * 4 + 1] as number) >> 1;
      pixels.data[i * 4 + 2] = ((pixels.data[i * 4 + 2] as number) + 255) >> 1;
    }
  }
  for (let i = 3; i < pixels.data.length; i += 4) pixels.data[i] = 255;
  (canvas.getContext('2d') as CanvasRenderingContext2D).putImageData(pixels, 0, 0);
}
