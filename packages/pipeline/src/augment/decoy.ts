/**
 * Decoy augmentation: a piece of the object's own pixels copied onto the background, with the mask
 * left as it was, so the copy is labelled background. It teaches that the object's colour and
 * texture away from its shape are not the object: the false positives of a model trained on a
 * dozen cars are mostly clutter in the car's own colour, touching or near it.
 */
import { objectBox } from './objectBox.js';

/** One drawn decoy, as fractions that applyDecoy maps onto the mask's object box; or none. */
export interface Decoy {
  /** Piece width and height as fractions of the image. */
  w: number;
  h: number;
  /** Where the piece is taken inside the object's bounding box, [0, 1) each. */
  sx: number;
  sy: number;
  /** Where it is put in the image, [0, 1) each. */
  dx: number;
  dy: number;
  /** Copy the piece mirrored left to right. */
  mirror: boolean;
}

/** Piece sides as fractions of the image: [min, max]. */
const SIDE: readonly [number, number] = [0.1, 0.35];

/**
 * Draw a decoy with `probability` per sample. Always takes the same eight numbers from `rng`, so
 * that the draws of later operations do not depend on whether it was drawn.
 */
export function drawDecoy(rng: () => number, probability: number): Decoy | undefined {
  const u = Array.from({ length: 8 }, rng) as [number, number, number, number, number, number, number, number];
  if (u[0] >= probability) return undefined;
  const side = (v: number): number => SIDE[0] + (SIDE[1] - SIDE[0]) * v;
  return { w: side(u[1]), h: side(u[2]), sx: u[3], sy: u[4], dx: u[5], dy: u[6], mirror: u[7] < 0.5 };
}

let scratch = new Uint8Array(0);

/**
 * Copy `d`'s piece of the object in an RGB image onto the background, in place. Only the piece's
 * object pixels are copied (the copy has the object's outline, not a box's), and only onto
 * background pixels (the object itself never changes); the mask is not touched. A mask with no
 * object leaves the image as it was.
 */
export function applyDecoy(image: Uint8Array, mask: Uint8Array, width: number, height: number, d: Decoy): void {
  const box = objectBox(mask, width, height);
  if (box === undefined) return;
  const w = Math.max(1, Math.min(box.x1 - box.x0, Math.round(d.w * width)));
  const h = Math.max(1, Math.min(box.y1 - box.y0, Math.round(d.h * height)));
  const sx0 = box.x0 + Math.floor(d.sx * (box.x1 - box.x0 - w + 1));
  const sy0 = box.y0 + Math.floor(d.sy * (box.y1 - box.y0 - h + 1));
  const dx0 = Math.floor(d.dx * (width - w + 1));
  const dy0 = Math.floor(d.dy * (height - h + 1));
  // The piece is read whole before any pixel is written: source and destination may overlap. Its
  // scratch grows once per thread and is reused (a thread augments one sample at a time).
  if (scratch.length < w * h * 4) scratch = new Uint8Array(w * h * 4);
  const piece = scratch.subarray(0, w * h * 3);
  const inside = scratch.subarray(w * h * 3, w * h * 4);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const s = (sy0 + j) * width + sx0 + (d.mirror ? w - 1 - i : i);
      const q = j * w + i;
      inside[q] = mask[s] === 0 ? 0 : 1;
      piece[q * 3] = image[s * 3]!;
      piece[q * 3 + 1] = image[s * 3 + 1]!;
      piece[q * 3 + 2] = image[s * 3 + 2]!;
    }
  }
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const q = j * w + i;
      const p = (dy0 + j) * width + dx0 + i;
      if (inside[q] === 0 || mask[p] !== 0) continue;
      image[p * 3] = piece[q * 3]!;
      image[p * 3 + 1] = piece[q * 3 + 1]!;
      image[p * 3 + 2] = piece[q * 3 + 2]!;
    }
  }
}
