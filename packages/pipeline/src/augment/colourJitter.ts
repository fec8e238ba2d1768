/**
 * Contrast and saturation jitter on RGB pixels in place, rounded and clamped to 0..255 (image
 * only: the mask does not change). Contrast as tf.image.adjust_contrast: each channel moved
 * towards or away from its own mean over the image by `factor`. Saturation as torchvision's
 * adjust_saturation: each pixel moved towards or away from its own grey (ITU-R 601 luma) by
 * `factor`, so 0 is greyscale. Factor 1 is the identity for both.
 */
export function contrast(rgb: Uint8Array, pixels: number, factor: number): void {
  if (factor === 1 || pixels === 0) return;
  const mean = [0, 0, 0];
  for (let i = 0; i < pixels * 3; i++) mean[i % 3]! += rgb[i]!;
  for (let c = 0; c < 3; c++) mean[c]! /= pixels;
  for (let i = 0; i < pixels * 3; i++) rgb[i] = clamp(mean[i % 3]! + (rgb[i]! - mean[i % 3]!) * factor);
}

/** Saturation jitter: see contrast's note. */
export function saturation(rgb: Uint8Array, pixels: number, factor: number): void {
  if (factor === 1) return;
  for (let i = 0; i < pixels * 3; i += 3) {
    const grey = 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!;
    for (let c = 0; c < 3; c++) rgb[i + c] = clamp(grey + (rgb[i + c]! - grey) * factor);
  }
}

function clamp(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}
