// One scratch copy of the source per thread, grown once: a worker augments one sample at a time.
let scratch = new Uint8Array(0);

/**
 * The inverse of a linear map about the image centre: output pixel (x, y), at offset (u, v) from
 * the centre (pixel centres at +0.5), reads the source at offset (a·u + b·v, c·u + d·v).
 */
export interface InverseMap {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** Draw an angle uniform in [-degrees, degrees], in radians, from one rng() call (exactly 0 when degrees is 0). */
export function drawRotation(rng: () => number, degrees: number): number {
  const u = rng() * 2 - 1;
  return degrees === 0 ? 0 : (u * degrees * Math.PI) / 180;
}

/**
 * The inverse map of a zoom by `zoom`, a rotation by `radians` (counter-clockwise as seen on screen)
 * and a stretch that widens by `stretch` and narrows the height by as much (area kept), applied
 * in that order: one resampling for all three.
 */
export function inverseMap(zoom: number, radians: number, stretch: number): InverseMap {
  // In (x, y-down) offsets, with R(θ) = [[cos, -sin], [sin, cos]]: forward R(-θ) · diag(zoom·s, zoom/s)
  // (R(-θ) turns content counter-clockwise on screen), so the inverse is diag(1/(zoom·s), s/zoom) · R(θ).
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const sx = 1 / (zoom * stretch);
  const sy = stretch / zoom;
  return { a: sx * cos, b: -sx * sin, c: sy * sin, d: sy * cos };
}

/**
 * Warp an image of `channels` bytes a pixel in place by `map` about its centre, bilinearly for
 * images and nearest for masks (0/1 stays 0/1); what falls outside the source becomes 0, as
 * shift's vacated area.
 */
export function warp(data: Uint8Array, width: number, height: number, channels: number, map: InverseMap, interpolation: 'bilinear' | 'nearest'): void {
  const bytes = width * height * channels;
  if (scratch.length < bytes) scratch = new Uint8Array(bytes);
  const src = scratch;
  src.set(data.subarray(0, bytes));
  const { a, b, c, d } = map;
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    const v = y + 0.5 - cy;
    for (let x = 0; x < width; x++) {
      const u = x + 0.5 - cx;
      const sx = cx + (a * u + b * v) - 0.5;
      const sy = cy + (c * u + d * v) - 0.5;
      const out = (y * width + x) * channels;
      if (interpolation === 'nearest') {
        const nx = Math.round(sx);
        const ny = Math.round(sy);
        const inside = nx >= 0 && nx < width && ny >= 0 && ny < height;
        for (let k = 0; k < channels; k++) data[out + k] = inside ? (src[(ny * width + nx) * channels + k] as number) : 0;
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
      for (let k = 0; k < channels; k++) {
        const top = (p00 < 0 ? 0 : (src[p00 + k] as number)) * (1 - fx) + (p10 < 0 ? 0 : (src[p10 + k] as number)) * fx;
        const bottom = (p01 < 0 ? 0 : (src[p01 + k] as number)) * (1 - fx) + (p11 < 0 ? 0 : (src[p11 + k] as number)) * fx;
        data[out + k] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
}

/** The byte offset of pixel (x, y), or -1 outside the image. */
function offsetOf(x: number, y: number, width: number, height: number, channels: number): number {
  return x >= 0 && x < width && y >= 0 && y < height ? (y * width + x) * channels : -1;
}
