/**
 * Domain randomization (Tobin et al. 2017) for the synthetic renderer: after a car view is drawn,
 * its backdrop, and often its paint, are replaced by random procedural textures, with random
 * shapes of clutter behind the car and bars in front of it (cut out of the mask). A model trained
 * on such scenes cannot lean on the studio's look, so what it learns about cars carries over
 * to photographs and other renderers: the pretraining set of `pnpm model:pretrain`.
 */
import type { Rgb } from './syntheticCar.js';

type Rng = () => number;

/** A colour per pixel: (x, y) in pixels to RGB, written into `out`. */
type Texture = (x: number, y: number, out: Float32Array) => void;

const randomColour = (rng: Rng): Rgb => [rng() * 255, rng() * 255, rng() * 255];

/** Smooth value noise in [0, 1] with cells of `cell` pixels, two octaves, on a seeded lattice. */
function valueNoise(rng: Rng, width: number, height: number, cell: number): (x: number, y: number) => number {
  const octaves = [cell, Math.max(2, cell / 3)];
  const grids = octaves.map((size) => {
    const cols = Math.ceil(width / size) + 2;
    const rows = Math.ceil(height / size) + 2;
    return { size, cols, values: Float32Array.from({ length: cols * rows }, rng) };
  });
  const smooth = (t: number): number => t * t * (3 - 2 * t);
  return (x, y) => {
    let sum = 0;
    let weight = 0;
    let w = 1;
    for (const { size, cols, values } of grids) {
      const gx = x / size;
      const gy = y / size;
      const ix = Math.floor(gx);
      const iy = Math.floor(gy);
      const tx = smooth(gx - ix);
      const ty = smooth(gy - iy);
      const i = iy * cols + ix;
      const top = (values[i] as number) * (1 - tx) + (values[i + 1] as number) * tx;
      const bottom = (values[i + cols] as number) * (1 - tx) + (values[i + cols + 1] as number) * tx;
      sum += w * (top * (1 - ty) + bottom * ty);
      weight += w;
      w *= 0.5;
    }
    return sum / weight;
  };
}

/** One random texture: noise, stripes, checks or a gradient between two or three random colours. */
function randomTexture(rng: Rng, width: number, height: number): Texture {
  const a = randomColour(rng);
  const b = randomColour(rng);
  const mix = (t: number, out: Float32Array): void => {
    out[0] = a[0] + (b[0] - a[0]) * t;
    out[1] = a[1] + (b[1] - a[1]) * t;
    out[2] = a[2] + (b[2] - a[2]) * t;
  };
  const scale = Math.min(width, height);
  const kind = Math.floor(rng() * 4);
  if (kind === 0) {
    const noise = valueNoise(rng, width, height, scale * (0.01 + rng() * 0.25));
    const hard = rng() < 0.5;
    return (x, y, out) => {
      const t = noise(x, y);
      mix(hard ? (t > 0.5 ? 1 : 0) : t, out);
    };
  }
  if (kind === 1) {
    const angle = rng() * Math.PI;
    const period = scale * (0.01 + rng() * 0.15);
    const duty = 0.2 + rng() * 0.6;
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    return (x, y, out) => {
      const t = (x * c + y * s) / period;
      mix(t - Math.floor(t) < duty ? 0 : 1, out);
    };
  }
  if (kind === 2) {
    const size = scale * (0.02 + rng() * 0.15);
    return (x, y, out) => mix((Math.floor(x / size) + Math.floor(y / size)) & 1, out);
  }
  const vertical = rng() < 0.7;
  return (x, y, out) => mix(vertical ? y / height : x / width, out);
}

/** Fill every pixel where `where(i)` holds with `texture`, times `shade(i)` (1 when absent). */
function paint(rgb: Uint8Array, width: number, height: number, texture: Texture, where: (i: number) => boolean, shade?: (i: number) => number): void {
  const colour = new Float32Array(3);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (!where(i)) continue;
      texture(x, y, colour);
      const k = shade ? shade(i) : 1;
      rgb[i * 3] = Math.min(255, colour[0]! * k);
      rgb[i * 3 + 1] = Math.min(255, colour[1]! * k);
      rgb[i * 3 + 2] = Math.min(255, colour[2]! * k);
    }
  }
}

const lightness = (rgb: Uint8Array, i: number): number => 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;

/** Random ellipses and boxes on the backdrop, some in the car's own mean colour (hard negatives). */
function paintClutter(rgb: Uint8Array, mask: Uint8Array, width: number, height: number, rng: Rng, carColour: Rgb): void {
  const shapes = Math.floor(rng() * 10);
  for (let s = 0; s < shapes; s++) {
    const colour = rng() < 0.3 ? carColour : randomColour(rng);
    const rx = width * (0.02 + rng() * 0.12);
    const ry = height * (0.02 + rng() * 0.12);
    const cx = rng() * width;
    const cy = rng() * height;
    const ellipse = rng() < 0.5;
    const x0 = Math.max(0, Math.floor(cx - rx));
    const x1 = Math.min(width, Math.ceil(cx + rx));
    const y0 = Math.max(0, Math.floor(cy - ry));
    const y1 = Math.min(height, Math.ceil(cy + ry));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = y * width + x;
        if (mask[i] !== 0) continue;
        if (ellipse && ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 > 1) continue;
        rgb[i * 3] = colour[0];
        rgb[i * 3 + 1] = colour[1];
        rgb[i * 3 + 2] = colour[2];
      }
    }
  }
}

/** Bars in front of the car (poles, rails): painted over everything and cut out of the mask. */
function paintOccluders(rgb: Uint8Array, mask: Uint8Array, width: number, height: number, rng: Rng): void {
  const bars = 1 + Math.floor(rng() * 2);
  for (let b = 0; b < bars; b++) {
    const colour = randomColour(rng);
    const vertical = rng() < 0.6;
    const thickness = Math.max(1, Math.round((vertical ? width : height) * (0.005 + rng() * 0.03)));
    const at = Math.floor(rng() * ((vertical ? width : height) - thickness));
    const [x0, x1] = vertical ? [at, at + thickness] : [0, width];
    const [y0, y1] = vertical ? [0, height] : [at, at + thickness];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = y * width + x;
        mask[i] = 0;
        rgb[i * 3] = colour[0];
        rgb[i * 3 + 1] = colour[1];
        rgb[i * 3 + 2] = colour[2];
      }
    }
  }
}

/**
 * Randomize a rendered view in place: a random textured backdrop (kept as rendered with
 * probability 0.15), random clutter on it, the car repainted with a random texture shaded by its
 * own lighting with probability 0.5, and bars in front with probability 0.3. `mask` is 1 on the
 * car and is updated where bars cover it. Deterministic for the same `rng` state.
 */
export function randomizeScene(rgb: Uint8Array, mask: Uint8Array, width: number, height: number, rng: Rng): void {
  const pixels = width * height;
  let carLight = 0;
  let carPixels = 0;
  const sum = [0, 0, 0];
  for (let i = 0; i < pixels; i++) {
    if (mask[i] === 0) continue;
    carPixels++;
    carLight += lightness(rgb, i);
    for (let c = 0; c < 3; c++) sum[c]! += rgb[i * 3 + c]!;
  }
  const carColour: Rgb = carPixels > 0 ? [sum[0]! / carPixels, sum[1]! / carPixels, sum[2]! / carPixels] : [128, 128, 128];
  const meanLight = carPixels > 0 ? Math.max(1, carLight / carPixels) : 128;

  if (rng() < 0.85) {
    paint(rgb, width, height, randomTexture(rng, width, height), (i) => mask[i] === 0);
    paintClutter(rgb, mask, width, height, rng, carColour);
  }
  if (rng() < 0.5 && carPixels > 0) {
    // Shading keeps the car's own light and dark parts (windows, wheels, shadowed sides): each
    // pixel's lightness over the car's mean, clamped so black tyres do not go to pure black.
    const shade = Float32Array.from({ length: pixels }, (_, i) => (mask[i] === 0 ? 1 : Math.min(1.8, Math.max(0.25, lightness(rgb, i) / meanLight))));
    paint(rgb, width, height, randomTexture(rng, width, height), (i) => mask[i] !== 0, (i) => shade[i]!);
  }
  if (rng() < 0.3) paintOccluders(rgb, mask, width, height, rng);
}
