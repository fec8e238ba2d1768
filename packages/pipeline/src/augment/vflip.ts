/**
 * Mirror an image of `channels` bytes a pixel top-bottom in place: row y swaps with row
 * height-1-y. Applied to an image and its mask with the same draw, they stay aligned.
 */
export function vflip(data: Uint8Array, width: number, height: number, channels: number): void {
  const row = width * channels;
  const scratch = new Uint8Array(row);
  for (let top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
    scratch.set(data.subarray(top * row, (top + 1) * row));
    data.copyWithin(top * row, bottom * row, (bottom + 1) * row);
    data.set(scratch, bottom * row);
  }
}

/** Draw whether to flip upside down: true with probability 0.5. */
export function drawVflip(rng: () => number): boolean {
  return rng() < 0.5;
}
