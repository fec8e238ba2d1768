/**
 * Writes a Carvana-format data set of raster-drawn shapes (train/<id>_<NN>.jpg,
 * train_masks/<id>_<NN>_mask.gif, train_masks.csv): a second generator, independent of both
 * @maskflow/datasets' renderer and the SVG cars the CPU preset was tuned on. Each "car" is a smooth
 * random outline seen from 16 turntable angles, painted pixel by pixel over noise, clutter,
 * stripes or outdoor backdrops, with poles and rails in front and varied light and JPEG quality.
 */
import { type CarvanaSetOptions, type RgbView, writeRgbCarvanaSet } from './carvanaWriter.js';
import { applyLighting, paintBackground, paintOccluders, paintShadow, randomRasterStyle } from './rasterScene.js';
import { paintShape, placeView, randomRasterShape } from './rasterShape.js';
import { createRng } from './rng.js';

/** Options of generateRasterCarvana (as generateSvgCarvana's). */
export type RasterCarvanaOptions = CarvanaSetOptions;

/** One rendered view: 8-bit RGB and its 0/1 mask, row-major, and the JPEG quality to save it at. */
export type RasterView = RgbView;

/** Renders view `view` of object `car` (deterministic in seed, car and view). */
export function renderRasterView(seed: number, car: number, view: number, views: number, w: number, h: number): RasterView {
  const objectRng = createRng((seed * 15485863 + car * 32452843) >>> 0);
  const paint = objectRng.colour();
  const shape = randomRasterShape(objectRng, paint);
  const style = randomRasterStyle(objectRng, paint);
  const zoom = objectRng.range(0.8, 1.15);
  const rng = createRng((seed * 15485863 + car * 32452843 + (view + 1) * 49979687) >>> 0);
  const img = paintBackground(style, rng, w, h);
  const angle = (2 * Math.PI * view) / views + rng.range(-0.08, 0.08);
  const groundY = h * Math.min(0.97, Math.max(style.horizon + 0.1, rng.range(0.72, 0.95)));
  const at = placeView(shape, angle, w, groundY, w * (0.5 + rng.range(-0.12, 0.12)), zoom * rng.range(0.92, 1.08));
  paintShadow(img, w, h, at.cx, groundY, at.sx * 1.05, rng.range(0.25, 0.7));
  const mask = new Uint8Array(w * h);
  const box = paintShape(shape, at, img, mask, w, h);
  paintOccluders(rng, img, mask, w, h, box);
  return { rgb: applyLighting(rng, img, w, h), mask, quality: Math.round(rng.range(70, 95)) };
}

/** Renders every view and writes the set; returns the image count and seconds taken. */
export function generateRasterCarvana(opts: RasterCarvanaOptions): Promise<{ images: number; seconds: number }> {
  return writeRgbCarvanaSet(opts, 0x2545f491, renderRasterView);
}
