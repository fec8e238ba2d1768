/**
 * Scenes for the mesh generator, ray-cast per pixel: a floor (studio sweep, showroom tiles,
 * asphalt, garage concrete with painted lines, grass) and behind it a wall or a far skyline under
 * the sky; the car's soft shadow on the floor, its reflection in glossy floors, then exposure,
 * colour cast, vignette and sensor noise.
 */
import type { Rng } from './rng.js';
import type { Frame } from './meshRender.js';
import { type Camera, rayThrough } from './meshRender.js';

type Rgb = [number, number, number];
/** The kinds of place a car is photographed in. */
export type SceneKind = 'studio' | 'showroom' | 'outdoor' | 'garage' | 'field';
const KINDS: readonly SceneKind[] = ['studio', 'showroom', 'outdoor', 'garage', 'field'];

/** One car's scene: the same place for all of its views, as on a turntable. */
export interface MeshStyle {
  kind: SceneKind;
  floor: Rgb;
  accent: Rgb;
  wall: Rgb;
  /** Distance of the wall (or the skyline, outdoors) behind the car, metres. */
  wallAt: number;
  /** Share of the car's reflection in the floor (0: matte). */
  gloss: number;
  tile: number;
  shadow: number;
  noiseSeed: number;
}

/** Draws a scene for one car. */
export function randomMeshStyle(rng: Rng): MeshStyle {
  const kind = KINDS[rng.int(KINDS.length)]!;
  const grey = (lo: number, hi: number): Rgb => {
    const g = rng.range(lo, hi);
    return [g, g * rng.range(0.96, 1.04), g * rng.range(0.95, 1.06)];
  };
  const floor: Record<SceneKind, () => Rgb> = {
    studio: () => grey(150, 225),
    showroom: () => (rng.next() < 0.5 ? grey(170, 235) : grey(40, 90)),
    outdoor: () => grey(55, 110),
    garage: () => grey(110, 165),
    field: () => [rng.range(40, 90), rng.range(90, 150), rng.range(30, 70)],
  };
  const outside = kind === 'outdoor' || kind === 'field';
  return {
    kind,
    floor: floor[kind](),
    accent: rng.colour(),
    wall: outside ? [rng.range(110, 170), rng.range(150, 200), rng.range(200, 250)] : kind === 'studio' ? grey(200, 250) : grey(60, 220),
    wallAt: outside ? rng.range(40, 80) : rng.range(4, 9),
    gloss: kind === 'studio' || kind === 'showroom' ? rng.range(0.1, 0.35) : 0,
    tile: rng.range(0.5, 1.2),
    shadow: rng.range(0.35, 0.75),
    noiseSeed: rng.int(2 ** 30),
  };
}

/** Integer hash to [0, 1). */
function hash(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 374761393) ^ Math.imul(y | 0, 668265263) ^ Math.imul(seed, 2246822519);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Smooth noise in [0, 1]: hashed lattice values, bilinear with a smoothstep, three octaves. */
function fbm(x: number, y: number, seed: number): number {
  let sum = 0, weight = 0.5;
  for (let o = 0; o < 3; o++, x *= 2.03, y *= 2.03, weight *= 0.5) {
    const ix = Math.floor(x), iy = Math.floor(y), fx = x - ix, fy = y - iy;
    const u = fx * fx * (3 - 2 * fx), v = fy * fy * (3 - 2 * fy);
    const a = hash(ix, iy, seed + o), b = hash(ix + 1, iy, seed + o), c = hash(ix, iy + 1, seed + o), d = hash(ix + 1, iy + 1, seed + o);
    sum += weight * (a + (b - a) * u + (c - a) * v + (a - b - c + d) * u * v);
  }
  return sum / 0.875;
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
const scale = (a: Rgb, s: number): Rgb => [a[0] * s, a[1] * s, a[2] * s];

/** The floor's colour at ground point (x, y). */
function floorAt(s: MeshStyle, x: number, y: number): Rgb {
  const n = fbm(x * 0.8, y * 0.8, s.noiseSeed);
  switch (s.kind) {
    case 'studio':
      return scale(s.floor, 0.88 + 0.12 * Math.exp(-(x * x + y * y) / 60) + 0.04 * n);
    case 'showroom': {
      const tx = x / s.tile, ty = y / s.tile;
      const grout = Math.min(tx - Math.floor(tx), ty - Math.floor(ty)) < 0.03;
      return grout ? scale(s.floor, 0.6) : scale(s.floor, 0.92 + 0.12 * hash(Math.floor(tx), Math.floor(ty), s.noiseSeed));
    }
    case 'outdoor':
      return scale(s.floor, 0.75 + 0.35 * n + 0.2 * hash(Math.floor(x * 40), Math.floor(y * 40), s.noiseSeed));
    case 'garage': {
      const line = Math.abs(((x / 2.6) % 1 + 1) % 1 - 0.5) < 0.025;
      return line ? mix(s.accent, [230, 220, 90], 0.5) : scale(s.floor, 0.8 + 0.3 * n);
    }
    case 'field':
      return scale(s.floor, 0.6 + 0.6 * fbm(x * 3, y * 3, s.noiseSeed + 7));
  }
}

/** The wall's (or, outside, the skyline's and sky's) colour at wall point (x, z); `up` is the ray's slope. */
function wallAt(s: MeshStyle, x: number, z: number, up: number): Rgb {
  if (s.kind === 'outdoor' || s.kind === 'field') {
    // Buildings (outdoor) or a tree line (field) against a sky brighter towards the horizon.
    const skyline = s.kind === 'outdoor' ? 4 + 14 * hash(Math.floor(x / 6), 0, s.noiseSeed) : 5 + 6 * fbm(x * 0.15, 0, s.noiseSeed + 3);
    if (z < skyline) return s.kind === 'outdoor' ? scale(mix(s.accent, [120, 120, 125], 0.6), 0.7 + 0.3 * hash(Math.floor(x / 6), 1, s.noiseSeed)) : scale([40, 80, 35], 0.6 + 0.5 * fbm(x * 0.7, z * 0.7, s.noiseSeed));
    return mix([235, 238, 240], s.wall, Math.min(1, up * 4));
  }
  if (s.kind === 'studio') return scale(s.wall, 0.9 + 0.1 * Math.min(1, z / 4));
  if (s.kind === 'garage') return z > 0.8 && z < 1.2 ? mix(s.accent, s.wall, 0.3) : scale(s.wall, 0.75 + 0.3 * fbm(x, z, s.noiseSeed));
  // Showroom: panels of the wall's colour and the accent.
  const panel = Math.floor(x / 2.2);
  return hash(panel, 3, s.noiseSeed) < 0.3 ? s.accent : scale(s.wall, 0.9 + 0.15 * hash(panel, 5, s.noiseSeed));
}

/** The backdrop of frame w x h seen from `cam`: colours, and 1 where a pixel sees the floor. */
export function paintBackdrop(s: MeshStyle, cam: Camera, w: number, h: number): { rgb: Float32Array; floor: Uint8Array; ground: Float32Array } {
  const rgb = new Float32Array(w * h * 3), floor = new Uint8Array(w * h), ground = new Float32Array(w * h * 2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = rayThrough(cam, x, y), i = y * w + x;
      const tWall = d[1] > 0 ? (s.wallAt - cam.eye[1]) / d[1] : Infinity;
      const tFloor = d[2] < 0 ? -cam.eye[2] / d[2] : Infinity;
      let c: Rgb;
      if (tFloor < tWall) {
        const gx = cam.eye[0] + tFloor * d[0], gy = cam.eye[1] + tFloor * d[1];
        c = floorAt(s, gx, gy);
        floor[i] = 1;
        ground[i * 2] = gx;
        ground[i * 2 + 1] = gy;
      } else {
        const t = Number.isFinite(tWall) ? tWall : 1e3;
        c = wallAt(s, cam.eye[0] + t * d[0], cam.eye[2] + t * d[2], d[2] / Math.hypot(d[0], d[1], d[2]));
      }
      rgb.set(c, i * 3);
    }
  }
  return { rgb, floor, ground };
}

/** Darkens the floor under a car of length x width turned by yaw: a soft-edged rectangle. */
export function paintShadow(frame: Frame, floor: Uint8Array, ground: Float32Array, yaw: number, length: number, width: number, strength: number): void {
  const cos = Math.cos(yaw), sin = Math.sin(yaw);
  for (let i = 0; i < floor.length; i++) {
    if (floor[i] === 0) continue;
    const gx = ground[i * 2]!, gy = ground[i * 2 + 1]!;
    // Into the car's frame, then the distance outside its footprint (negative inside).
    const u = Math.abs(gx * cos + gy * sin) - length / 2, v = Math.abs(-gx * sin + gy * cos) - width / 2;
    const out = Math.hypot(Math.max(u, 0), Math.max(v, 0)) + Math.min(Math.max(u, v), 0);
    const dark = strength * (1 - Math.min(1, Math.max(0, (out + 0.15) / 0.9)));
    for (let k = 0; k < 3; k++) frame.rgb[i * 3 + k]! *= 1 - dark;
  }
}

/** Blends `mirror`'s pixels (the car's reflection) into `frame` where the floor is, at `alpha`. */
export function blendReflection(frame: Frame, mirror: Frame, floor: Uint8Array, alpha: number): void {
  for (let i = 0; i < floor.length; i++) {
    if (floor[i] === 0 || mirror.depth[i] === 0) continue;
    for (let k = 0; k < 3; k++) frame.rgb[i * 3 + k] = frame.rgb[i * 3 + k]! * (1 - alpha) + mirror.rgb[i * 3 + k]! * alpha;
  }
}

/** How a shoot's camera renders colour: exposure, colour cast (per channel), vignette depth, sensor noise. */
export interface Grade {
  exposure: number;
  cast: Rgb;
  vignette: number;
  noise: number;
}

/** Draws the camera's colour rendering for one car's shoot. */
export function randomGrade(rng: Rng): Grade {
  return { exposure: rng.range(0.8, 1.15), cast: [rng.range(0.92, 1.08), rng.range(0.95, 1.05), rng.range(0.9, 1.1)], vignette: rng.range(0, 0.35), noise: rng.range(0, 7) };
}

/** Applies `grade` to the frame, with sensor noise drawn from `rng`, to 8-bit RGB. */
export function develop(rng: Rng, frame: Frame, grade: Grade): Uint8Array {
  const { w, h, rgb } = frame;
  const { exposure, cast, vignette, noise } = grade;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = (x - w / 2) / (w / 2), dy = (y - h / 2) / (h / 2);
      const gain = exposure * (1 - vignette * 0.5 * (dx * dx + dy * dy));
      for (let k = 0; k < 3; k++) {
        const i = (y * w + x) * 3 + k;
        out[i] = Math.max(0, Math.min(255, Math.round(rgb[i]! * gain * cast[k]! + noise * (rng.next() + rng.next() - 1))));
      }
    }
  }
  return out;
}
