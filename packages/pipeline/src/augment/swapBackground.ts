/**
 * Background swap across a batch: a sample's background pixels are replaced by another sample's
 * background at the same positions, wherever that sample's own object is not (there the sample
 * keeps its own background, so no object is ever labelled background). The object and its mask
 * are untouched. A dozen cars each filmed in front of one backdrop let a model learn a car as
 * "not this backdrop"; with swapped backdrops every car is seen in front of the others' clutter,
 * labelled background, which is what the false positives on clutter need (copy-paste, which adds
 * objects, raised them).
 */
import { otherPosition } from './otherPosition.js';

/** One drawn swap onto one batch position: whose background it takes. */
export interface Swap {
  /** Batch position whose background is copied (never the target itself). */
  source: number;
}

/**
 * Draw the swaps of a batch of `count` samples: each position gets one with `probability`. Always
 * takes two numbers per position, so a position's draw does not depend on the others'. A batch of
 * one sample has no other background: none.
 */
export function drawSwaps(rng: () => number, probability: number, count: number): (Swap | undefined)[] {
  return Array.from({ length: count }, (_, target) => {
    const u0 = rng();
    const u1 = rng();
    if (count < 2 || u0 >= probability) return undefined;
    return { source: otherPosition(u1, target, count) };
  });
}

/** Grown once and reused: the batch as it was before any swap. */
let scratch = new Uint8Array(0);

/**
 * Apply `swaps` to a batch in place (`images`: RGB, `masks`: 0/1, `swaps.length` samples of
 * width x height). A target pixel changes only where neither the target's nor the source's mask
 * has the object; every source is read as it was before this batch's swaps. Masks never change.
 */
export function applySwaps(images: Uint8Array, masks: Uint8Array, width: number, height: number, swaps: readonly (Swap | undefined)[]): void {
  const pixels = width * height;
  const count = swaps.length;
  if (swaps.every((s) => s === undefined)) return;
  if (scratch.length < count * pixels * 3) scratch = new Uint8Array(count * pixels * 3);
  const before = scratch.subarray(0, count * pixels * 3);
  before.set(images.subarray(0, count * pixels * 3));
  for (let target = 0; target < count; target++) {
    const swap = swaps[target];
    if (swap === undefined) continue;
    const t = target * pixels;
    const s = swap.source * pixels;
    for (let p = 0; p < pixels; p++) {
      if (masks[t + p] !== 0 || masks[s + p] !== 0) continue;
      images[(t + p) * 3] = before[(s + p) * 3]!;
      images[(t + p) * 3 + 1] = before[(s + p) * 3 + 1]!;
      images[(t + p) * 3 + 2] = before[(s + p) * 3 + 2]!;
    }
  }
}
