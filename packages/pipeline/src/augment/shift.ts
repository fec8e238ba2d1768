/**
 * Translate an image of `channels` bytes a pixel in place by whole pixels: pixel (x, y) moves
 * to (x+dx, y+dy); what moves out is lost and the vacated area becomes 0 (Keras'
 * fill_mode='constant', cval=0). Rows are copied with copyWithin in an order that never reads
 * a row after it was overwritten.
 */
export function shift(data: Uint8Array, width: number, height: number, channels: number, dx: number, dy: number): void {
  const rowBytes = width * channels;
  if (Math.abs(dx) >= width || Math.abs(dy) >= height) {
    data.fill(0, 0, rowBytes * height);
    return;
  }
  if (dx === 0 && dy === 0) return;
  const copyBytes = (width - Math.abs(dx)) * channels;
  const srcX = Math.max(0, -dx) * channels;
  const dstX = Math.max(0, dx) * channels;
  const down = dy > 0;
  for (let k = 0; k < height; k++) {
    const y = down ? height - 1 - k : k;
    const row = y * rowBytes;
    const sy = y - dy;
    if (sy < 0 || sy >= height) {
      data.fill(0, row, row + rowBytes);
      continue;
    }
    data.copyWithin(row + dstX, sy * rowBytes + srcX, sy * rowBytes + srcX + copyBytes);
    if (dx > 0) data.fill(0, row, row + dstX);
    else if (dx < 0) data.fill(0, row + copyBytes, row + rowBytes);
  }
}

/**
 * Draw a translation of up to `fraction` x `size` pixels either way: uniform in
 * [-fraction, fraction] times size, rounded to the nearest pixel (Keras' width_shift_range
 * with nearest interpolation).
 */
export function drawShift(rng: () => number, fraction: number, size: number): number {
  return Math.round((rng() * 2 - 1) * fraction * size);
}
