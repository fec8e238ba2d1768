/**
 * Mirror an image of `channels` bytes a pixel left-right in place: pixel (x, y) moves to
 * (width-1-x, y). Applied to an image and its mask with the same draw, they stay aligned.
 */
export function hflip(data: Uint8Array, width: number, height: number, channels: number): void {
  for (let y = 0; y < height; y++) {
    let left = y * width * channels;
    let right = left + (width - 1) * channels;
    while (left < right) {
      for (let c = 0; c < channels; c++) {
        const t = data[left + c] as number;
        data[left + c] = data[right + c] as number;
        data[right + c] = t;
      }
      left += channels;
      right -= channels;
    }
  }
}

/** Draw whether to flip: true with probability 0.5. */
export function drawHflip(rng: () => number): boolean {
  return rng() < 0.5;
}

