/**
 * Blur augmentation: a Gaussian blur of the image alone, the mask left sharp. With the preset's
 * switch from 128x128 to 160x160, runs whose val Dice fell after it went on lowering their training
 * loss while a held-out car's backdrop stripes came to read as car: the finer texture at 160x160
 * was fitted, not the outline. Blurring some of the images takes that texture away from them while
 * their masks still teach the 160x160 outline (albumentations' GaussianBlur and Downscale also
 * change the image alone).
 */

/** One drawn blur: its standard deviation in pixels; or none. */
export type Blur = number;

/** The blur's standard deviation in pixels: [min, max]. 128/160 of the size is about 0.4. */
export const BLUR_SIGMA: readonly [number, number] = [0.3, 1.2];

/**
 * Draw a blur with `probability` per sample: a standard deviation uniform in BLUR_SIGMA, or
 * undefined. Always takes two numbers from `rng`, so later operations' draws do not depend on it.
 */
export function drawBlur(rng: () => number, probability: number): Blur | undefined {
  const drawn = rng();
  const sigma = BLUR_SIGMA[0] + (BLUR_SIGMA[1] - BLUR_SIGMA[0]) * rng();
  return drawn < probability ? sigma : undefined;
}

/** Normalised Gaussian taps for `sigma`, radius ceil(3 sigma). */
function taps(sigma: number): Float32Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) / sum;
  return kernel;
}

// The rows pass's float result, reused from sample to sample: blurImage runs synchronously and each
// worker thread has its own module instance, so no two calls ever use it at once.
let scratch = new Float32Array(0);

/**
 * Blur an RGB image in place with a separable Gaussian of `sigma` pixels, edges clamped (the
 * border pixel repeated), rounded to the nearest integer. A flat image stays as it is, and so
 * does any image at sigma 0 or less.
 */
export function blurImage(rgb: Uint8Array, width: number, height: number, sigma: number): void {
  if (!(sigma > 0)) return;
  const kernel = taps(sigma);
  const radius = (kernel.length - 1) / 2;
  if (scratch.length < rgb.length) scratch = new Float32Array(rgb.length);
  const rows = scratch;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let i = -radius; i <= radius; i++) {
        const at = (row + Math.min(width - 1, Math.max(0, x + i))) * 3;
        const w = kernel[i + radius] as number;
        r += w * (rgb[at] as number);
        g += w * (rgb[at + 1] as number);
        b += w * (rgb[at + 2] as number);
      }
      const out = (row + x) * 3;
      rows[out] = r;
      rows[out + 1] = g;
      rows[out + 2] = b;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let i = -radius; i <= radius; i++) {
        const at = (Math.min(height - 1, Math.max(0, y + i)) * width + x) * 3;
        const w = kernel[i + radius] as number;
        r += w * (rows[at] as number);
        g += w * (rows[at + 1] as number);
        b += w * (rows[at + 2] as number);
      }
      const out = (y * width + x) * 3;
      rgb[out] = Math.round(r);
      rgb[out + 1] = Math.round(g);
      rgb[out + 2] = Math.round(b);
    }
  }
}
