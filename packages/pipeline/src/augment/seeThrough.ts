/**
 * See-through augmentation: a window band across the upper part of the object shows the
 * background, as a car's glass shows the wall behind it, with the mask left as it was (glass is
 * car). The background shown is the sample's own, taken from beside the object on the same rows
 * with one column offset for the whole band, so a wall's stripes keep their direction. A held-out
 * blue car whose windows showed its wall of blue stripes was predicted wall in its upper part
 * (raster 50, car 10ebbe, every view under-segmented): nothing in a dozen training cars had
 * taught that the backdrop's texture inside the outline is still the object.
 */
import { edgeDistance } from './edgeDistance.js';
import { objectBox } from './objectBox.js';

/** One drawn window, as fractions that applySeeThrough maps onto the object's box; or none. */
export interface SeeThrough {
  /** Top of the band and its height, fractions of the object box's height. */
  top: number;
  band: number;
  /** Left and right ends of the band, fractions of the object box's width. */
  left: number;
  right: number;
  /** Take the background from the left of the object when there is room (else from the right). */
  fromLeft: boolean;
  /** Share of the background in a window pixel, the rest the object's own (a glass's reflection). */
  opacity: number;
}

/** Band top, band height, left end, right end and opacity: [min, max] each. */
const TOP: readonly [number, number] = [0.05, 0.35];
const BAND: readonly [number, number] = [0.15, 0.35];
const LEFT: readonly [number, number] = [0.05, 0.35];
const RIGHT: readonly [number, number] = [0.65, 0.95];
const OPACITY: readonly [number, number] = [0.6, 1];
/** Width of the untouched rim along the outline, a fraction of the object box's longer side (at least 1 pixel), as blotches keep. */
const RIM = 0.03;
/** Fewest background columns beside the object that a side must have to be read from. */
const MIN_STRIP = 4;

/**
 * Draw a window with `probability` per sample. Always takes the same seven numbers from `rng`, so
 * that the draws of later operations do not depend on whether it was drawn.
 */
export function drawSeeThrough(rng: () => number, probability: number): SeeThrough | undefined {
  const u = Array.from({ length: 7 }, rng) as [number, number, number, number, number, number, number];
  if (u[0] >= probability) return undefined;
  const within = (range: readonly [number, number], v: number): number => range[0] + (range[1] - range[0]) * v;
  return { top: within(TOP, u[1]), band: within(BAND, u[2]), left: within(LEFT, u[3]), right: within(RIGHT, u[4]), fromLeft: u[5] < 0.5, opacity: within(OPACITY, u[6]) };
}

/**
 * Show the background through `s`'s window in an RGB image, in place. Window pixels are the
 * object's pixels inside the band that are deeper than the rim; each becomes a blend of its own
 * colour and the background pixel on its row in the strip beside the object's box (the columns
 * left of it or right of it, repeated when the band is wider than the strip). Background pixels,
 * the rim and the mask never change; a mask with no object, or with no strip of at least
 * MIN_STRIP columns on either side, leaves the image as it was.
 */
export function applySeeThrough(image: Uint8Array, mask: Uint8Array, width: number, height: number, s: SeeThrough): void {
  const box = objectBox(mask, width, height);
  if (box === undefined) return;
  const leftStrip = box.x0;
  const rightStrip = width - box.x1;
  const useLeft = leftStrip >= MIN_STRIP && (s.fromLeft || rightStrip < MIN_STRIP);
  if (!useLeft && rightStrip < MIN_STRIP) return;
  const strip = useLeft ? leftStrip : rightStrip;
  const boxWidth = box.x1 - box.x0;
  const boxHeight = box.y1 - box.y0;
  const rim = Math.max(1, Math.round(RIM * Math.max(boxWidth, boxHeight)));
  const depth = edgeDistance(mask, width, height);
  const y0 = box.y0 + Math.round(s.top * boxHeight);
  const y1 = Math.min(box.y1, y0 + Math.max(1, Math.round(s.band * boxHeight)));
  const x0 = box.x0 + Math.round(s.left * boxWidth);
  const x1 = box.x0 + Math.round(s.right * boxWidth);
  // A translation by one offset for the whole band (wrapping within the strip), never a mirror,
  // so diagonal stripes keep their direction; the window's end nearest the strip reads the columns
  // just beside the object. Outside the object's box every pixel is background.
  const column = (x: number): number => (useLeft ? box.x0 - 1 - ((x1 - 1 - x) % strip) : box.x1 + ((x - x0) % strip));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const p = y * width + x;
      if (depth[p]! <= rim) continue;
      const q = y * width + column(x);
      for (let c = 0; c < 3; c++) image[p * 3 + c] = Math.round(s.opacity * image[q * 3 + c]! + (1 - s.opacity) * image[p * 3 + c]!);
    }
  }
}
