// One scratch copy of the source per thread, grown once: a worker augments one sample at a time.
let scratch = new Uint8Array(0);

/**
 * Zoom an image of `channels` bytes a pixel in place about its centre by `factor` (> 1 enlarges
 * the content, < 1 shrinks it): output pixel (x, y) reads the source at
 * (cx + (x + 0.5 - cx) / factor - 0.5, ...), bilinearly for images and nearest for masks (0/1 stays
 * 0/1); what falls outside the source becomes 0, as shift's vacated area. Factor 1 is the identity.
 */
export function scale(data: Uint8Array, width: number, height: number, channels: number, factor: number, interpolation: 'bilinear' | 'nearest'): void {
  if (factor === 1) return;
  const bytes = width * height * channels;
  if (scratch.length < bytes) scratch = new Uint8Array(bytes);
  const src = scratch;
  src.set(data.subarray(0, bytes));
  const inv = 1 / factor;
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    const sy = cy + (y + 0.5 - cy) * inv - 0.5;
    for (let x = 0; x < width; x++) {
      const sx = cx + (x + 0.5 - cx) * inv - 0.5;
      const out = (y * width + x) * channels;
      if (interpolation === 'nearest') {
        const nx = Math.round(sx);
        const ny = Math.round(sy);
        const inside = nx >= 0 && nx < width && ny >= 0 && ny < height;
        for (let c = 0; c < channels; c++) data[out + c] = inside ? (src[(ny * width + nx) * channels + c] as number) : 0;
        continue;
      }
      if (sx <= -1 || sx >= width || sy <= -1 || sy >= height) {
        data.fill(0, out, out + channels);
        continue;
      }
      // Bilinear over the four neighbours; a neighbour outside the source counts as 0. The
      // neighbours' offsets (-1: outside) are found once per pixel, not per channel.
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const p00 = offsetOf(x0, y0, width, height, channels);
      const p10 = offsetOf(x0 + 1, y0, width, height, channels);
      const p01 = offsetOf(x0, y0 + 1, width, height, channels);
      const p11 = offsetOf(x0 + 1, y0 + 1, width, height, channels);
      for (let c = 0; c < channels; c++) {
        const top = (p00 < 0 ? 0 : (src[p00 + c] as number)) * (1 - fx) + (p10 < 0 ? 0 : (src[p10 + c] as number)) * fx;
        const bottom = (p01 < 0 ? 0 : (src[p01 + c] as number)) * (1 - fx) + (p11 < 0 ? 0 : (src[p11 + c] as number)) * fx;
        data[out + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
}

/** The byte offset of pixel (x, y), or -1 outside the image. */
function offsetOf(x: number, y: number, width: number, height: number, channels: number): number {
  return x >= 0 && x < width && y >= 0 && y < height ? (y * width + x) * channels : -1;
}
