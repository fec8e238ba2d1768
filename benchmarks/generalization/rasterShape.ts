/**
 * The objects of the raster-shape generator: a smooth random outline (a radius made of a few
 * harmonics of the angle) that changes width and outline from view to view as on a turntable,
 * optionally flat-bottomed with wheels, painted with shading, a highlight and one of five finishes
 * (plain, two-tone, stripe, mottled, mirror-like with the backdrop in it), glass included in the mask.
 */
import { blend, type Field, valueNoise } from './rasterNoise.js';
import type { Rng } from './rng.js';

type Rgb = [number, number, number];

/** One object, fixed across its views. */
export interface RasterShape {
  /** Amplitude and phase of harmonics 2..6 of the outline's radius. */
  harmonics: { k: number; a: number; phase: number }[];
  /** Width and height of the side view, as fractions of the frame width. */
  width: number;
  height: number;
  flatBottom: boolean;
  wheels: number;
  paint: Rgb;
  second: Rgb;
  /** 0 plain, 1 two-tone, 2 stripe, 3 mottled, 4 mirror-like. */
  finish: number;
  glass: boolean;
  light: [number, number, number];
  mottle: Field;
}

/** Draws an object; `paint` is its main colour. */
export function randomRasterShape(rng: Rng, paint: Rgb): RasterShape {
  const lx = rng.range(-0.6, 0.6), ly = rng.range(-0.9, -0.2);
  const lz = Math.sqrt(Math.max(0.05, 1 - lx * lx - ly * ly));
  const width = rng.range(0.35, 0.7);
  return {
    harmonics: [2, 3, 4, 5, 6].map((k) => ({ k, a: rng.range(0, 0.22 / Math.sqrt(k)), phase: rng.range(0, 2 * Math.PI) })),
    width,
    height: width * rng.range(0.3, 0.55),
    flatBottom: rng.next() < 0.6,
    wheels: rng.next() < 0.5 ? rng.range(0.22, 0.4) : 0,
    paint,
    second: rng.colour(),
    finish: rng.int(5),
    glass: rng.next() < 0.6,
    light: [lx, ly, lz],
    mottle: valueNoise(rng, rng.range(4, 12), 2),
  };
}

/** Where one view puts the object: centre and half extents in pixels, and whether it faces left. */
export interface Placement {
  cx: number;
  cy: number;
  sx: number;
  sy: number;
  turn: number;
  mirrored: boolean;
}

/** The placement of view `angle` (radians around the turntable) in a w x h frame, bottom at groundY. */
export function placeView(shape: RasterShape, angle: number, w: number, groundY: number, cx: number, zoom: number): Placement {
  let sx = (shape.width * w * zoom * (0.45 + 0.55 * Math.abs(Math.cos(angle)))) / 2;
  let sy = (shape.height * w * zoom * (1 + 0.08 * Math.sin(2 * angle))) / 2;
  // Half extents from the centre down to the ground (wheel bottoms, the flat cut or the outline) and up to the top.
  const below = shape.wheels > 0 ? wheelCentre(shape) + shape.wheels : shape.flatBottom ? 0.75 : 1.3;
  const fit = (groundY * 0.92) / ((1.3 + below) * sy);
  if (fit < 1) {
    sx *= fit;
    sy *= fit;
  }
  return { cx, cy: groundY - sy * below, sx, sy, turn: angle, mirrored: Math.cos(angle) < 0 };
}

/** Height of the wheels' centres below the object's centre, in half extents. */
function wheelCentre(shape: RasterShape): number {
  return shape.flatBottom ? 0.75 : 0.85;
}

/** The outline's radius (in units of the half extents) at polar angle theta of view `turn`. */
export function outlineRadius(shape: RasterShape, theta: number, turn: number): number {
  let r = 1;
  for (const { k, a, phase } of shape.harmonics) r += a * Math.cos(k * theta + phase + turn * (k % 2 === 0 ? 0.5 : -0.5));
  return Math.max(0.35, r);
}

/**
 * Paints the object into `img` (float RGB over the backdrop, edges blended by coverage) and sets
 * its pixels in `mask`; returns its bounding box.
 */
export function paintShape(shape: RasterShape, at: Placement, img: Float32Array, mask: Uint8Array, w: number, h: number): { x0: number; x1: number; y0: number; y1: number } {
  const bins = 1024;
  const radius = Float32Array.from({ length: bins + 1 }, (_, i) => outlineRadius(shape, (i / bins) * 2 * Math.PI - Math.PI, at.turn));
  const wheelR = shape.wheels * at.sy, wheelY = at.cy + at.sy * wheelCentre(shape);
  const maxR = Math.max(...radius);
  const x0 = Math.max(0, Math.floor(at.cx - at.sx * maxR - 2)), x1 = Math.min(w, Math.ceil(at.cx + at.sx * maxR + 2));
  const y0 = Math.max(0, Math.floor(at.cy - at.sy * maxR - 2)), y1 = Math.min(h, Math.ceil(Math.max(at.cy + at.sy * maxR, wheelY + wheelR) + 2));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const dx = ((at.mirrored ? at.cx - x : x - at.cx) + 0.5) / at.sx, dy = (y + 0.5 - at.cy) / at.sy;
      const rho = Math.hypot(dx, dy), r = radius[Math.round(((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI)) * bins)]!;
      // Signed distance to the outline in pixels (approximately), then the bottom cut and the wheels.
      let edge = (r - rho) * Math.min(at.sx, at.sy);
      if (shape.flatBottom) edge = Math.min(edge, (0.75 - dy) * at.sy);
      let colour: number[] | undefined;
      if (shape.wheels > 0) {
        for (const side of [-0.6, 0.6]) {
          const d = wheelR - Math.hypot(x + 0.5 - (at.cx + side * at.sx), y + 0.5 - wheelY);
          if (d > edge) {
            edge = d;
            colour = Math.hypot(x + 0.5 - (at.cx + side * at.sx), y + 0.5 - wheelY) < wheelR * 0.55 ? [150, 150, 155] : [28, 28, 30];
          }
        }
      }
      if (edge <= -0.5) continue;
      const i = y * w + x;
      if (edge > 0) mask[i] = 1;
      colour ??= surfaceColour(shape, dx, dy, rho / r, img, i);
      blend(img, i, colour, Math.min(1, edge + 0.5));
    }
  }
  return { x0, x1, y0, y1 };
}

/** The paint at (dx, dy) in half extents, rho the fraction of the radius; `img[i]` is the backdrop behind. */
function surfaceColour(shape: RasterShape, dx: number, dy: number, rho: number, img: Float32Array, i: number): number[] {
  const nz = Math.sqrt(Math.max(0, 1 - Math.min(1, rho) ** 2)), nx = dx * 0.8, ny = dy * 0.8;
  const norm = Math.hypot(nx, ny, nz) || 1;
  const diffuse = Math.max(0, (nx * shape.light[0] + ny * shape.light[1] + nz * shape.light[2]) / norm);
  const shade = 0.35 + 0.75 * diffuse;
  const highlight = 160 * Math.max(0, diffuse - 0.9) * 10;
  let base: number[] = shape.paint;
  if (shape.glass && dy < -0.25 && rho < 0.8) base = [40 + 0.2 * img[i * 3]!, 48 + 0.2 * img[i * 3 + 1]!, 60 + 0.2 * img[i * 3 + 2]!];
  else if (shape.finish === 1 && dy > 0.1) base = shape.second;
  else if (shape.finish === 2 && Math.abs(dy - 0.2) < 0.12) base = shape.second;
  else if (shape.finish === 3 && shape.mottle(dx * 0.5 + 0.5, dy * 0.5 + 0.5) > 0.55) base = shape.second;
  else if (shape.finish === 4) base = shape.paint.map((c, k) => c * 0.5 + 0.5 * img[i * 3 + k]!);
  return base.map((c) => c * shade + highlight);
}
