/** Value noise and raster helpers for the raster-shape generator: smooth random fields, no SVG. */
import type { Rng } from './rng.js';

/** A smooth random field over [0,1]^2 with values in [0,1]: value noise on a cells x cells grid, octaves summed. */
export type Field = (u: number, v: number) => number;

/** Value noise with `cells` cells across the unit square and `octaves` octaves (each twice as fine, half as strong). */
export function valueNoise(rng: Rng, cells: number, octaves = 1): Field {
  const layers = Array.from({ length: octaves }, (_, o) => {
    const n = Math.max(1, Math.round(cells * 2 ** o)) + 2;
    return { n, grid: Float32Array.from({ length: n * n }, () => rng.next()), weight: 0.5 ** o };
  });
  const total = layers.reduce((a, l) => a + l.weight, 0);
  return (u, v) => {
    let sum = 0;
    for (const { n, grid, weight } of layers) {
      const x = Math.min(1, Math.max(0, u)) * (n - 2), y = Math.min(1, Math.max(0, v)) * (n - 2);
      const ix = Math.min(n - 2, Math.max(0, Math.floor(x))), iy = Math.min(n - 2, Math.max(0, Math.floor(y)));
      const fx = smooth(x - ix), fy = smooth(y - iy);
      const a = grid[iy * n + ix]!, b = grid[iy * n + ix + 1]!, c = grid[(iy + 1) * n + ix]!, d = grid[(iy + 1) * n + ix + 1]!;
      sum += weight * (a + (b - a) * fx + (c - a + (a - b - c + d) * fx) * fy);
    }
    return sum / total;
  };
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Bilinear upsampling of an RGB float image from sw x sh to w x h (pixel centres aligned). */
export function upsampleRgb(small: Float32Array, sw: number, sh: number, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / h - 0.5));
    const y0 = Math.floor(sy), y1 = Math.min(sh - 1, y0 + 1), fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / w - 0.5));
      const x0 = Math.floor(sx), x1 = Math.min(sw - 1, x0 + 1), fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const a = small[(y0 * sw + x0) * 3 + c]!, b = small[(y0 * sw + x1) * 3 + c]!;
        const d = small[(y1 * sw + x0) * 3 + c]!, e = small[(y1 * sw + x1) * 3 + c]!;
        out[(y * w + x) * 3 + c] = (a + (b - a) * fx) * (1 - fy) + (d + (e - d) * fx) * fy;
      }
    }
  }
  return out;
}

/** Mixes colour `c` into pixel `i` of an RGB float image with weight `alpha`. */
export function blend(img: Float32Array, i: number, c: readonly number[], alpha: number): void {
  for (let k = 0; k < 3; k++) img[i * 3 + k] = img[i * 3 + k]! * (1 - alpha) + c[k]! * alpha;
}
