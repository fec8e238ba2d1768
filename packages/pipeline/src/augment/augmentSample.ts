import type { AugmentSettings } from '../protocol.js';
import { drawHflip, hflip } from './hflip.js';
import { drawHueDelta, hueShift } from './hueShift.js';
import { drawShift, shift } from './shift.js';

/** The random parameters of one sample's augmentation. */
export interface AugmentDraw {
  hueDelta: number;
  flip: boolean;
  dx: number;
  dy: number;
}

/**
 * Draw every parameter from `rng` in a fixed order (hue, flip, dx, dy), always all four, so
 * turning one operation off never changes the draws of the others.
 */
export function drawAugment(rng: () => number, settings: AugmentSettings, width: number, height: number): AugmentDraw {
  const hueDelta = drawHueDelta(rng, settings.hueDelta);
  const flip = drawHflip(rng);
  const dx = drawShift(rng, settings.shift[0], width);
  const dy = drawShift(rng, settings.shift[1], height);
  return { hueDelta, flip: settings.hflip && flip, dx, dy };
}

/** Apply a draw to an RGB image and its 0/1 mask in place: hue (image only), then flip and shift (both). */
export function applyAugment(image: Uint8Array, mask: Uint8Array, width: number, height: number, draw: AugmentDraw): void {
  hueShift(image, width * height, draw.hueDelta);
  if (draw.flip) {
    hflip(image, width, height, 3);
    hflip(mask, width, height, 1);
  }
  shift(image, width, height, 3, draw.dx, draw.dy);
  shift(mask, width, height, 1, draw.dx, draw.dy);
}
