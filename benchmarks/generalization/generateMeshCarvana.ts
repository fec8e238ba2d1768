/**
 * Writes a Carvana-format data set of 3-D cars (train/<id>_<NN>.jpg, train_masks/<id>_<NN>_mask.gif,
 * train_masks.csv): a third generator, written after the CPU preset was last changed and sharing
 * nothing with @maskflow/datasets, the SVG cars or the raster shapes but the file writer and the
 * seeded random numbers. Each car is a low-polygon mesh (six body types) turned on a turntable
 * through 16 views in front of a pinhole camera, z-buffered and lit, in a studio, showroom, street,
 * garage or field with its shadow and, on glossy floors, its reflection.
 */
import { type CarvanaSetOptions, type RgbView, writeRgbCarvanaSet } from './carvanaWriter.js';
import { type MeshCar, randomMeshCar } from './meshCar.js';
import { type Camera, type Lighting, drawTriangles, emptyFrame, lookAt, normalize } from './meshRender.js';
import { type Grade, type MeshStyle, blendReflection, develop, paintBackdrop, paintShadow, randomGrade, randomMeshStyle } from './meshScene.js';
import { createRng } from './rng.js';

/** Options of generateMeshCarvana (as the other generators'). */
export type MeshCarvanaOptions = CarvanaSetOptions;

/** One rendered view: 8-bit RGB and its 0/1 mask, row-major, with the blur and JPEG quality to save it at. */
export type MeshView = Required<RgbView>;

/** What stays fixed across one car's views: the car, its scene, camera, light, colour rendering and the backdrop seen from there. */
interface CarShoot {
  key: string;
  car: MeshCar;
  style: MeshStyle;
  cam: Camera;
  lighting: Lighting;
  grade: Grade;
  backdrop: ReturnType<typeof paintBackdrop>;
}

let lastShoot: CarShoot | undefined;

/** The fixed part of car `car`'s views (the last one is kept: views are rendered car by car). */
function shootOf(seed: number, car: number, w: number, h: number): CarShoot {
  const key = `${seed}/${car}/${w}x${h}`;
  if (lastShoot?.key === key) return lastShoot;
  const rng = createRng((seed * 2654435761 + car * 40503 + 17) >>> 0);
  const mesh = randomMeshCar(rng);
  const style = randomMeshStyle(rng);
  const distance = rng.range(6.5, 9.5), fill = rng.range(0.5, 0.78);
  const cam = lookAt([rng.range(-0.4, 0.4), -distance, rng.range(0.9, 2.2)], [0, 0, rng.range(0.55, 0.85)], (fill * w * distance) / mesh.length, w / 2, h / 2);
  const azimuth = -rng.range(0.15, 0.85) * Math.PI, elevation = rng.range(0.5, 1.2);
  const trim = rng.range(25, 55);
  const lighting: Lighting = {
    light: normalize([Math.cos(elevation) * Math.cos(azimuth), Math.cos(elevation) * Math.sin(azimuth), Math.sin(elevation)]),
    ambient: rng.range(0.35, 0.6),
    environment: ((style.wall[0] + style.wall[1] + style.wall[2]) / 3) * rng.range(0.7, 1),
    colours: { paint: mesh.paint, glass: [rng.range(20, 45), rng.range(25, 50), rng.range(30, 60)], tyre: [28, 28, 30], rim: [175, 178, 182], trim: [trim, trim, trim * 1.05] },
  };
  lastShoot = { key, car: mesh, style, cam, lighting, grade: randomGrade(rng), backdrop: paintBackdrop(style, cam, w, h) };
  return lastShoot;
}

/** Renders view `view` of car `car` (deterministic in seed, car and view). */
export function renderMeshView(seed: number, car: number, view: number, views: number, w: number, h: number): MeshView {
  const { car: mesh, style, cam, lighting, grade, backdrop } = shootOf(seed, car, w, h);
  const rng = createRng((seed * 2654435761 + car * 40503 + (view + 1) * 9176 + 29) >>> 0);
  const yaw = (2 * Math.PI * view) / views + rng.range(-0.03, 0.03);
  const frame = emptyFrame(w, h);
  frame.rgb.set(backdrop.rgb);
  paintShadow(frame, backdrop.floor, backdrop.ground, yaw, mesh.length, mesh.width, style.shadow);
  if (style.gloss > 0) {
    const mirror = emptyFrame(w, h);
    drawTriangles(mirror, cam, mesh.triangles, lighting, { yaw, mirror: true });
    blendReflection(frame, mirror, backdrop.floor, style.gloss);
  }
  drawTriangles(frame, cam, mesh.triangles, lighting, { yaw, mirror: false });
  return { rgb: develop(rng, frame, grade), mask: frame.mask, blur: rng.range(0.3, 1), quality: Math.round(rng.range(75, 95)) };
}

/** Renders every view and writes the set; returns the image count and seconds taken. */
export function generateMeshCarvana(opts: MeshCarvanaOptions): Promise<{ images: number; seconds: number }> {
  return writeRgbCarvanaSet(opts, 0x5bd1e995, renderMeshView);
}
