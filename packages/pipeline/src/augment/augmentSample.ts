import type { AugmentSettings } from '../protocol.js';
import { applyBlotch, drawBlotch, type Blotch } from './blotch.js';
import { blurImage, drawBlur, type Blur } from './blur.js';
import { brightness } from './brightness.js';
import { contrast, saturation } from './colourJitter.js';
import { applyDecoy, drawDecoy, type Decoy } from './decoy.js';
import { drawFactor } from './drawFactor.js';
import { drawHflip, hflip } from './hflip.js';
import { drawHueDelta, hueShift } from './hueShift.js';
import { drawOccluder, occlude, type Occluder } from './occlude.js';
import { applySeeThrough, drawSeeThrough, type SeeThrough } from './seeThrough.js';
import { drawShift, shift } from './shift.js';
import { drawVflip, vflip } from './vflip.js';
import { drawRotation, inverseMap, warp } from './warp.js';

/** The random parameters of one sample's augmentation. */
export interface AugmentDraw {
  hueDelta: number;
  flip: boolean;
  dx: number;
  dy: number;
  /** Zoom factor about the centre (1: none). */
  scale: number;
  /** Brightness factor (1: none). */
  brightness: number;
  /** A box painted in front and cut out of the mask, or none (absent: none). */
  occluder?: Occluder | undefined;
  /** Contrast and saturation factors (1 or absent: none). */
  contrast?: number;
  saturation?: number;
  /** A piece of the object copied onto the background, mask unchanged, or none (absent: none). */
  decoy?: Decoy | undefined;
  /** Patches of one colour painted over part of the object, mask unchanged, or none (absent: none). */
  blotch?: Blotch | undefined;
  /** Rotation about the centre in radians (0 or absent: none). */
  rotation?: number;
  /** Width factor of an area-keeping stretch, the height divided by it (1 or absent: none). */
  stretch?: number;
  /** Flip upside down (absent: no). */
  vflip?: boolean;
  /** A window band on the object showing the background beside it, mask unchanged, or none (absent: none). */
  seeThrough?: SeeThrough | undefined;
  /** A Gaussian blur of the image alone (its sigma in pixels), mask unchanged, or none (absent: none). */
  blur?: Blur | undefined;
}

/**
 * Draw every parameter from `rng` in a fixed order (hue, flip, dx, dy, scale, brightness, the
 * occluder's nine numbers, contrast, saturation, the decoy's eight numbers, the blotch's seven,
 * rotation, stretch, vertical flip, the window's seven, the blur's two),
 * always all of them, so turning one operation off never changes the draws of the others (and each
 * older prefix is what the loaders that had only those operations drew).
 */
export function drawAugment(rng: () => number, settings: AugmentSettings, width: number, height: number): AugmentDraw {
  const hueDelta = drawHueDelta(rng, settings.hueDelta);
  const flip = drawHflip(rng);
  const dx = drawShift(rng, settings.shift[0], width);
  const dy = drawShift(rng, settings.shift[1], height);
  const zoom = drawFactor(rng, settings.scale);
  const light = drawFactor(rng, settings.brightness);
  const occluder = drawOccluder(rng, settings.occlude ?? 0, width, height);
  const contrastFactor = drawFactor(rng, settings.contrast ?? 0);
  const saturationFactor = drawFactor(rng, settings.saturation ?? 0);
  const decoy = drawDecoy(rng, settings.decoy ?? 0);
  const blotch = drawBlotch(rng, settings.blotch ?? 0);
  const rotation = drawRotation(rng, settings.rotate ?? 0);
  const stretch = drawFactor(rng, settings.stretch ?? 0);
  const upsideDown = drawVflip(rng);
  const seeThrough = drawSeeThrough(rng, settings.seeThrough ?? 0);
  const blur = drawBlur(rng, settings.blur ?? 0);
  return { hueDelta, flip: settings.hflip && flip, dx, dy, scale: zoom, brightness: light, occluder, contrast: contrastFactor, saturation: saturationFactor, decoy, blotch, rotation, stretch, vflip: (settings.vflip ?? false) && upsideDown, seeThrough, blur };
}

/**
 * Apply a draw to an RGB image and its 0/1 mask in place: the blotches (image only, on the object,
 * first so that the colour changes below treat the paint as they treat the object), the window
 * (image only, the background shown through the object, before the colour changes for the same
 * reason), the decoy
 * (image only, a piece of the object as painted so far), the occluder (both: painted, and cut out
 * of the mask), the blur (image only, the mask kept sharp), hue, brightness, contrast and saturation (image only, the occluder's colour
 * included), then the flips, the warp (zoom, rotation and stretch in one resampling) and shift (both,
 * with the same parameters, so they stay aligned).
 */
export function applyAugment(image: Uint8Array, mask: Uint8Array, width: number, height: number, draw: AugmentDraw): void {
  if (draw.blotch !== undefined) applyBlotch(image, mask, width, height, draw.blotch);
  if (draw.seeThrough !== undefined) applySeeThrough(image, mask, width, height, draw.seeThrough);
  if (draw.decoy !== undefined) applyDecoy(image, mask, width, height, draw.decoy);
  if (draw.occluder !== undefined) occlude(image, mask, width, draw.occluder);
  if (draw.blur !== undefined) blurImage(image, width, height, draw.blur);
  hueShift(image, width * height, draw.hueDelta);
  brightness(image, width * height, draw.brightness);
  contrast(image, width * height, draw.contrast ?? 1);
  saturation(image, width * height, draw.saturation ?? 1);
  if (draw.flip) {
    hflip(image, width, height, 3);
    hflip(mask, width, height, 1);
  }
  if (draw.vflip === true) {
    vflip(image, width, height, 3);
    vflip(mask, width, height, 1);
  }
  const rotation = draw.rotation ?? 0;
  const stretch = draw.stretch ?? 1;
  if (draw.scale !== 1 || rotation !== 0 || stretch !== 1) {
    const map = inverseMap(draw.scale, rotation, stretch);
    warp(image, width, height, 3, map, 'bilinear');
    warp(mask, width, height, 1, map, 'nearest');
  }
  shift(image, width, height, 3, draw.dx, draw.dy);
  shift(mask, width, height, 1, draw.dx, draw.dy);
}
