/**
 * A small z-buffer rasterizer for the mesh generator: a pinhole camera, flat-shaded triangles with
 * a diffuse and a specular term, perspective-correct depth, and a mirrored pass for floor
 * reflections. Frames are float RGB (0-255) plus a 0/1 mask of what the car covers.
 */
import type { Material, Triangle, Vec3 } from './meshCar.js';

/** A pinhole camera: eye, orthonormal axes, focal length and principal point in pixels. */
export interface Camera {
  eye: Vec3;
  right: Vec3;
  up: Vec3;
  forward: Vec3;
  focal: number;
  cx: number;
  cy: number;
}

/** What a frame holds: w x h float RGB, the car's mask, and a depth buffer (1 / distance, 0 = empty). */
export interface Frame {
  w: number;
  h: number;
  rgb: Float32Array;
  mask: Uint8Array;
  depth: Float32Array;
}

/** How triangles are lit: the direction towards the light, ambient share, each material's colour, the environment's brightness. */
export interface Lighting {
  light: Vec3;
  ambient: number;
  colours: Record<Material, [number, number, number]>;
  environment: number;
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
/** `v` scaled to length 1. */
export const normalize = (v: Vec3): Vec3 => {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
};

/** A camera at `eye` looking at `target` with z up. */
export function lookAt(eye: Vec3, target: Vec3, focal: number, cx: number, cy: number): Camera {
  const forward = normalize(sub(target, eye));
  const right = normalize(cross(forward, [0, 0, 1]));
  return { eye, right, up: cross(right, forward), forward, focal, cx, cy };
}

/** The (unnormalized) direction of the ray through the centre of pixel (x, y). */
export function rayThrough(cam: Camera, x: number, y: number): Vec3 {
  const u = (x + 0.5 - cam.cx) / cam.focal, v = (cam.cy - y - 0.5) / cam.focal;
  return [cam.forward[0] + u * cam.right[0] + v * cam.up[0], cam.forward[1] + u * cam.right[1] + v * cam.up[1], cam.forward[2] + u * cam.right[2] + v * cam.up[2]];
}

/** An empty frame of w x h. */
export function emptyFrame(w: number, h: number): Frame {
  return { w, h, rgb: new Float32Array(w * h * 3), mask: new Uint8Array(w * h), depth: new Float32Array(w * h) };
}

/** What a pass draws: the car turned by `yaw` about z, or (mirror) its reflection under the floor. */
export interface Pass {
  yaw: number;
  mirror: boolean;
}

/** Draws `triangles` into `frame`, depth-tested; the car pass (not the mirror) also sets the mask. */
export function drawTriangles(frame: Frame, cam: Camera, triangles: readonly Triangle[], lighting: Lighting, pass: Pass): void {
  const cos = Math.cos(pass.yaw), sin = Math.sin(pass.yaw), flip = pass.mirror ? -1 : 1;
  const place = (p: Vec3): Vec3 => [p[0] * cos - p[1] * sin, p[0] * sin + p[1] * cos, p[2] * flip];
  for (const t of triangles) {
    const a = place(t.a), b = place(t.b), c = place(t.c);
    let n = normalize(cross(sub(b, a), sub(c, a)));
    const toEye = normalize(sub(cam.eye, a));
    if (dot(n, toEye) < 0) n = [-n[0], -n[1], -n[2]];
    const colour = shade(t.material, n, toEye, lighting, pass.mirror);
    fill(frame, cam, [a, b, c], colour, pass);
  }
}

/**
 * Each material's highlight (strength and sharpness) and share of reflected surroundings. Paint and
 * rims shine; glass mostly mirrors the surroundings, more at grazing angles (Fresnel).
 */
const FINISHES: Record<Material, { shine: number; power: number; reflect: number }> = {
  paint: { shine: 90, power: 24, reflect: 0.12 },
  glass: { shine: 160, power: 60, reflect: 0.45 },
  rim: { shine: 120, power: 16, reflect: 0.2 },
  tyre: { shine: 10, power: 8, reflect: 0 },
  trim: { shine: 25, power: 12, reflect: 0.05 },
};

/** The flat colour of a face of `material` with normal n seen along toEye. */
function shade(material: Material, n: Vec3, toEye: Vec3, l: Lighting, mirrored: boolean): [number, number, number] {
  const light: Vec3 = mirrored ? [l.light[0], l.light[1], -l.light[2]] : l.light;
  const diffuse = Math.max(0, dot(n, light));
  const half = normalize([light[0] + toEye[0], light[1] + toEye[1], light[2] + toEye[2]]);
  const gloss = Math.max(0, dot(n, half));
  const base = l.colours[material];
  const { shine, power, reflect } = FINISHES[material];
  const fresnel = reflect * (0.4 + 0.6 * (1 - Math.abs(dot(n, toEye))) ** 2);
  const lit = l.ambient + (1 - l.ambient) * diffuse;
  const highlight = shine * gloss ** power;
  return [0, 1, 2].map((i) => base[i]! * lit * (1 - fresnel) + l.environment * fresnel + highlight) as [number, number, number];
}

/** Fills one projected triangle, perspective-correct depth, nearest wins. */
function fill(frame: Frame, cam: Camera, world: Vec3[], colour: [number, number, number], pass: Pass): void {
  const sx: number[] = [], sy: number[] = [], iz: number[] = [];
  for (const p of world) {
    const d = sub(p, cam.eye), z = dot(d, cam.forward);
    if (z < 0.1) return;
    sx.push(cam.cx + (cam.focal * dot(d, cam.right)) / z);
    sy.push(cam.cy - (cam.focal * dot(d, cam.up)) / z);
    iz.push(1 / z);
  }
  const area = (sx[1]! - sx[0]!) * (sy[2]! - sy[0]!) - (sx[2]! - sx[0]!) * (sy[1]! - sy[0]!);
  if (Math.abs(area) < 1e-9) return;
  const { w, h, rgb, mask, depth } = frame;
  const x0 = Math.max(0, Math.floor(Math.min(...sx))), x1 = Math.min(w - 1, Math.ceil(Math.max(...sx)));
  const y0 = Math.max(0, Math.floor(Math.min(...sy))), y1 = Math.min(h - 1, Math.ceil(Math.max(...sy)));
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5;
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      // Barycentric weights from the edge functions; the sign of area makes either winding work.
      const l0 = ((sx[1]! - px) * (sy[2]! - py) - (sx[2]! - px) * (sy[1]! - py)) / area;
      const l1 = ((sx[2]! - px) * (sy[0]! - py) - (sx[0]! - px) * (sy[2]! - py)) / area;
      const l2 = 1 - l0 - l1;
      if (l0 < 0 || l1 < 0 || l2 < 0) continue;
      const i = y * w + x, z = l0 * iz[0]! + l1 * iz[1]! + l2 * iz[2]!;
      if (z <= depth[i]!) continue;
      depth[i] = z;
      rgb[i * 3] = colour[0];
      rgb[i * 3 + 1] = colour[1];
      rgb[i * 3 + 2] = colour[2];
      if (!pass.mirror) mask[i] = 1;
    }
  }
}
