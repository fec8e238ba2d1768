/**
 * Low-polygon 3-D cars for the mesh generator: a body and a cabin extruded from side profiles,
 * wheels as 14-sided cylinders with dark arches behind them, and door mirrors. Metres; x runs
 * along the car (front +x), y across it (left +y), z up from the ground.
 */
import type { Rng } from './rng.js';

/** A point or direction in metres. */
export type Vec3 = [number, number, number];
/** What a triangle is made of, which decides how the renderer shades it. */
export type Material = 'paint' | 'glass' | 'tyre' | 'rim' | 'trim';
/** One triangle of a car. */
export interface Triangle {
  a: Vec3;
  b: Vec3;
  c: Vec3;
  material: Material;
}
/** The body types the generator draws. */
export type BodyKind = 'sedan' | 'coupe' | 'hatchback' | 'suv' | 'van' | 'pickup';
/** A drawn car: its triangles, its paint and its footprint (for the shadow). */
export interface MeshCar {
  kind: BodyKind;
  triangles: Triangle[];
  paint: [number, number, number];
  length: number;
  width: number;
  height: number;
}

type Profile = [number, number][];
const KINDS: readonly BodyKind[] = ['sedan', 'coupe', 'hatchback', 'suv', 'van', 'pickup'];
/** Per kind: roof height (m) range, and the cabin's base and roof spans as fractions of the length from the centre. */
const SHAPES: Record<BodyKind, { roof: [number, number]; base: [number, number]; top: [number, number]; tall: number }> = {
  sedan: { roof: [1.38, 1.5], base: [-0.3, 0.24], top: [-0.19, 0.07], tall: 0 },
  coupe: { roof: [1.25, 1.36], base: [-0.26, 0.2], top: [-0.13, 0.02], tall: 0 },
  hatchback: { roof: [1.42, 1.56], base: [-0.45, 0.2], top: [-0.42, 0.03], tall: 0 },
  suv: { roof: [1.65, 1.85], base: [-0.46, 0.22], top: [-0.45, 0.06], tall: 0.18 },
  van: { roof: [1.8, 2.0], base: [-0.48, 0.33], top: [-0.47, 0.2], tall: 0.22 },
  pickup: { roof: [1.7, 1.85], base: [-0.08, 0.24], top: [-0.04, 0.1], tall: 0.2 },
};

/** Draws one car from `rng` (its kind, proportions, paint and wheels). */
export function randomMeshCar(rng: Rng): MeshCar {
  const kind = KINDS[rng.int(KINDS.length)]!;
  const shape = SHAPES[kind];
  const length = rng.range(3.8, 5.2) + (kind === 'van' || kind === 'pickup' ? 0.4 : 0);
  const width = rng.range(1.68, 1.98);
  const wheel = rng.range(0.3, 0.37) + shape.tall * 0.3;
  const clearance = wheel * rng.range(0.45, 0.65);
  const belt = clearance + rng.range(0.5, 0.68) + shape.tall;
  const roof = Math.max(belt + 0.35, rng.range(...shape.roof));
  const triangles: Triangle[] = [];
  const half = length / 2, hood = rng.range(0, 0.12), rake = rng.range(0.05, 0.2);
  // Body: a convex side profile, bumpers and sills in trim.
  const body: Profile = [
    [-half + 0.12, clearance], [half - 0.2, clearance], [half, clearance + 0.35 * (belt - clearance)],
    [half - rake, belt - hood], [-half + 0.08, belt], [-half, clearance + 0.4 * (belt - clearance)],
  ];
  extrude(body, (_, side) => (side ? width / 2 : -width / 2), 'paint', (e) => (e === 0 || e === 1 || e === 5 ? 'trim' : 'paint'), triangles);
  // Cabin: narrower at the roof (tumblehome); windows all round, roof painted. Its base sinks into
  // the body below the hood's drop, so no gap opens where the body's top slopes down to the front.
  const [b0, b1] = shape.base, [t0, t1] = shape.top, sill = belt - hood - 0.05;
  const cabin: Profile = [[b0 * length, sill], [b1 * length, sill], [t1 * length, roof], [t0 * length, roof]];
  const cabinHalf = (z: number) => (width / 2) * (0.93 - (0.15 * (z - belt)) / (roof - belt));
  extrude(cabin, (z, side) => (side ? cabinHalf(z) : -cabinHalf(z)), 'glass', (e) => (e === 2 ? 'paint' : 'glass'), triangles);
  // Wheels stand a little proud of the body, each in front of a dark arch.
  const base = length * rng.range(0.29, 0.33);
  const rim = ['rim', 'trim'][rng.int(2)] as Material;
  for (const x of [-base, base]) {
    for (const s of [1, -1]) {
      disc(x, wheel, wheel * 1.14, s * (width / 2 + 0.004), 'trim', triangles);
      cylinder(x, wheel, wheel, s * (width / 2 - 0.22), s * (width / 2 + 0.02), 'tyre', triangles);
      disc(x, wheel, wheel * 0.62, s * (width / 2 + 0.026), rim, triangles);
    }
  }
  // Door mirrors at the foot of the windscreen, behind its slope so they never float above the hood.
  const screenX = (z: number) => b1 * length + ((t1 - b1) * length * (z - sill)) / (roof - sill);
  const mx = screenX(belt + 0.2) - 0.06;
  for (const s of [1, -1]) {
    const box: Profile = [[mx - 0.17, belt + 0.05], [mx, belt + 0.05], [mx, belt + 0.2], [mx - 0.17, belt + 0.2]];
    extrude(box, (_, side) => s * (side ? width / 2 + 0.18 : width / 2 - 0.02), 'paint', () => 'paint', triangles);
  }
  return { kind, triangles, paint: rng.colour(), length, width, height: roof };
}

/**
 * Extrudes a convex (x, z) profile across the car: both side faces as fans, and a quad per edge.
 * `y(z, side)` is each side's y at height z (side 1 or 0); `edge(i)` the material of edge i's quad.
 */
function extrude(profile: Profile, y: (z: number, side: 0 | 1) => number, face: Material, edge: (i: number) => Material, out: Triangle[]): void {
  const at = ([x, z]: [number, number], side: 0 | 1): Vec3 => [x, y(z, side), z];
  for (const side of [0, 1] as const) {
    for (let i = 1; i + 1 < profile.length; i++) out.push({ a: at(profile[0]!, side), b: at(profile[i]!, side), c: at(profile[i + 1]!, side), material: face });
  }
  for (let i = 0; i < profile.length; i++) {
    const p = profile[i]!, q = profile[(i + 1) % profile.length]!, material = edge(i);
    out.push({ a: at(p, 1), b: at(q, 1), c: at(q, 0), material }, { a: at(p, 1), b: at(q, 0), c: at(p, 0), material });
  }
}

/** 14 points of a circle of radius r about (x, z) in the x-z plane. */
function circle(x: number, z: number, r: number): Profile {
  return Array.from({ length: 14 }, (_, i) => [x + r * Math.cos((i * Math.PI) / 7), z + r * Math.sin((i * Math.PI) / 7)] as [number, number]);
}

/** A wheel's tyre: a cylinder about the y axis from y0 to y1. */
function cylinder(x: number, z: number, r: number, y0: number, y1: number, material: Material, out: Triangle[]): void {
  extrude(circle(x, z, r), (_, side) => (side ? y1 : y0), material, () => material, out);
}

/** A flat disc facing along y at y. */
function disc(x: number, z: number, r: number, y: number, material: Material, out: Triangle[]): void {
  const ring = circle(x, z, r);
  for (let i = 1; i + 1 < ring.length; i++) {
    out.push({ a: [ring[0]![0], y, ring[0]![1]], b: [ring[i]![0], y, ring[i]![1]], c: [ring[i + 1]![0], y, ring[i + 1]![1]], material });
  }
}
