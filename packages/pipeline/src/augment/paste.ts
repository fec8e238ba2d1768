/**
 * Copy-paste augmentation across a batch (Ghiasi et al. 2021, "Simple Copy-Paste is a Strong Data
 * Augmentation Method for Instance Segmentation"): another sample's object, cut out along its mask,
 * mirrored, rescaled and moved, is pasted onto a sample, and the mask gains the pasted pixels. With
 * a dozen cars each filmed in front of one backdrop, a model can learn a car as "what is not this
 * backdrop"; pasting cars across samples puts every car in front of other backdrops and next to
 * other cars, and the labels stay exact.
 *
 * It runs on whole batches, after every sample of the batch was decoded and augmented: the sources
 * are samples of the same batch, as they came out of the workers (so a pasted car carries its own
 * colour shifts and flips too).
 */
import { objectBox } from './objectBox.js';
import { otherPosition } from './otherPosition.js';

/** One drawn paste onto one batch position: which position's object, and how it is placed. */
export interface Paste {
  /** Batch position whose object is pasted (never the target itself). */
  source: number;
  /** Scale of the pasted object, in [SCALE[0], SCALE[1]]. */
  scale: number;
  /** Where the scaled object's box goes, [0, 1] each: 0 flush left (top), 1 flush right (bottom). */
  x: number;
  y: number;
  /** Paste the object mirrored left to right. */
  mirror: boolean;
}

/** Scale of a pasted object: [min, max]. Smaller than the object itself on average, as a second car further away would be. */
const SCALE: readonly [number, number] = [0.5, 1.1];

/**
 * Draw the pastes of a batch of `count` samples: each position gets one with `probability`. Always
 * takes six numbers per position, so a position's draw does not depend on the others'. A batch of
 * one sample has no other object to paste: none.
 */
export function drawPastes(rng: () => number, probability: number, count: number): (Paste | undefined)[] {
  return Array.from({ length: count }, (_, target) => {
    const u = Array.from({ length: 6 }, rng) as [number, number, number, number, number, number];
    if (count < 2 || u[0] >= probability) return undefined;
    return { source: otherPosition(u[1], target, count), scale: SCALE[0] + (SCALE[1] - SCALE[0]) * u[2], x: u[3], y: u[4], mirror: u[5] < 0.5 };
  });
}

/** Grown once and reused: the batch's objects as they were before any paste. */
let scratch = new Uint8Array(0);

/**
 * Apply `pastes` to a batch in place: `images` holds `pastes.length` RGB images of width x height,
 * `masks` their 0/1 masks. Every source is read as it was before this batch's pastes (a sample can
 * be pasted from and onto). Only the source's object pixels are copied, by nearest-neighbour
 * sampling; they cover what was there and set the mask to 1. A source without an object pastes
 * nothing.
 */
export function applyPastes(images: Uint8Array, masks: Uint8Array, width: number, height: number, pastes: readonly (Paste | undefined)[]): void {
  const pixels = width * height;
  const count = pastes.length;
  if (pastes.every((p) => p === undefined)) return;
  if (scratch.length < count * pixels * 4) scratch = new Uint8Array(count * pixels * 4);
  const before = scratch.subarray(0, count * pixels * 4);
  before.set(images.subarray(0, count * pixels * 3));
  before.set(masks.subarray(0, count * pixels), count * pixels * 3);
  for (let target = 0; target < count; target++) {
    const paste = pastes[target];
    if (paste === undefined) continue;
    const srcImage = before.subarray(paste.source * pixels * 3, (paste.source + 1) * pixels * 3);
    const srcMask = before.subarray(count * pixels * 3 + paste.source * pixels, count * pixels * 3 + (paste.source + 1) * pixels);
    const box = objectBox(srcMask, width, height);
    if (box === undefined) continue;
    const bw = box.x1 - box.x0;
    const bh = box.y1 - box.y0;
    const w = Math.max(1, Math.min(width, Math.round(bw * paste.scale)));
    const h = Math.max(1, Math.min(height, Math.round(bh * paste.scale)));
    const x0 = Math.round(paste.x * (width - w));
    const y0 = Math.round(paste.y * (height - h));
    const image = images.subarray(target * pixels * 3, (target + 1) * pixels * 3);
    const mask = masks.subarray(target * pixels, (target + 1) * pixels);
    for (let j = 0; j < h; j++) {
      const sy = box.y0 + Math.min(bh - 1, Math.floor(((j + 0.5) * bh) / h));
      for (let i = 0; i < w; i++) {
        const fx = Math.min(bw - 1, Math.floor(((i + 0.5) * bw) / w));
        const s = sy * width + box.x0 + (paste.mirror ? bw - 1 - fx : fx);
        if (srcMask[s] === 0) continue;
        const p = (y0 + j) * width + x0 + i;
        mask[p] = 1;
        image[p * 3] = srcImage[s * 3]!;
        image[p * 3 + 1] = srcImage[s * 3 + 1]!;
        image[p * 3 + 2] = srcImage[s * 3 + 2]!;
      }
    }
  }
}
