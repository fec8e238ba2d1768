/**
 * Writes a Carvana-format data set (train/<id>_<NN>.jpg, train_masks/<id>_<NN>_mask.gif,
 * train_masks.csv) from car drawings that people outside the project made (Open Clip Art, as
 * Debian packages it) set on photographs: a fourth generator, whose cars no code of Maskflow
 * drew. Each car is one drawing, so its 16 "views" are the drawing seen from its two sides
 * (views 9-16 mirrored, as a turntable shows the other side), at varied sizes and places, over
 * other crops of one photograph, with a ground shadow, light and JPEG quality varied. The mask is
 * the drawing's alpha at 0.5.
 */
import { UserError, markUserError } from '@maskflow/errors';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { type CarvanaSetOptions, carId, startCarvanaSet, viewName, writeCarvanaView, writeMasksCsv } from './carvanaWriter.js';
import { type ClipartSources, findClipartSources } from './clipartSources.js';
import { type Rng, createRng } from './rng.js';

/** Options of generateClipartCarvana: generateSvgCarvana's, and where the drawings and photographs are (Debian's folders by default). */
export interface ClipartCarvanaOptions extends CarvanaSetOptions {
  clipartDir?: string;
  backgroundsDir?: string;
  /** The pictures themselves, instead of the two folders (tests). */
  sources?: ClipartSources;
}

/** A drawing cut to the box of its opaque pixels: RGBA, row-major. */
interface Drawing {
  rgba: Buffer;
  width: number;
  height: number;
}

/** Decodes `image` (read from `path`) to raw pixels; a file sharp cannot read is named in the error. */
async function decode(image: Sharp, path: string): Promise<{ data: Buffer; info: OutputInfo }> {
  try {
    return await image.raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new UserError(`${path} could not be decoded (${(error as Error).message}): replace or remove it`, { cause: error });
  }
}

/** Reads a drawing and crops it to where alpha >= 128 (many drawings sit small in a large page). */
async function loadDrawing(path: string): Promise<Drawing> {
  const { data, info } = await decode(sharp(path).ensureAlpha(), path);
  let x0 = info.width, y0 = info.height, x1 = -1, y1 = -1;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[(y * info.width + x) * 4 + 3]! < 128) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x);
      y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) throw new UserError(`${path} has no opaque pixels (alpha >= 128): it cannot be a car drawing; remove it from the clip-art folder`);
  const width = x1 - x0 + 1, height = y1 - y0 + 1;
  const rgba = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .extract({ left: x0, top: y0, width, height }).raw().toBuffer();
  return { rgba, width, height };
}

/** Fisher-Yates on a copy, driven by `rng`. */
function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A soft ground shadow under the car: a blurred dark ellipse, as an SVG the size of the frame. */
function shadowSvg(w: number, h: number, cx: number, groundY: number, rx: number, opacity: number): Buffer {
  const ry = Math.max(2, rx * 0.09), blur = Math.max(1, rx * 0.06);
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><filter id="b"><feGaussianBlur stdDeviation="${blur}"/></filter>`
    + `<ellipse cx="${cx}" cy="${groundY}" rx="${rx}" ry="${ry}" fill="#000" fill-opacity="${opacity}" filter="url(#b)"/></svg>`);
}

/** One view: the composed picture (RGB, width x height) and its 0/1 mask. */
async function composeView(drawing: Drawing, photo: Sharp, photoSize: { width: number; height: number }, sizeShare: number, mirrored: boolean, rng: Rng, w: number, h: number): Promise<{ rgb: Buffer; mask: Uint8Array }> {
  // The car: sizeShare of the frame's width (jittered), kept under 60% of its height.
  let carW = Math.round(w * sizeShare * rng.range(0.9, 1.1));
  let carH = Math.round((carW * drawing.height) / drawing.width);
  if (carH > h * 0.6) {
    carH = Math.round(h * 0.6);
    carW = Math.round((carH * drawing.width) / drawing.height);
  }
  const car = sharp(drawing.rgba, { raw: { width: drawing.width, height: drawing.height, channels: 4 } }).resize(carW, carH, { fit: 'fill' });
  const carRgba = await (mirrored ? car.flop() : car).raw().toBuffer();
  const groundY = Math.round(h * rng.range(0.72, 0.95));
  const left = Math.round(Math.min(w - carW, Math.max(0, w * (0.5 + rng.range(-0.1, 0.1)) - carW / 2)));
  const top = Math.max(0, Math.min(h - carH, groundY - carH));
  // The backdrop: a crop of 60-100% of the photograph in the frame's shape, sometimes mirrored.
  const cropShare = rng.range(0.6, 1);
  const cropW = Math.min(photoSize.width, Math.round(Math.min(photoSize.width, (photoSize.height * w) / h) * cropShare));
  const cropH = Math.min(photoSize.height, Math.round((cropW * h) / w));
  const crop = { left: rng.int(photoSize.width - cropW + 1), top: rng.int(photoSize.height - cropH + 1), width: cropW, height: cropH };
  const backdrop = photo.clone().extract(crop).resize(w, h, { fit: 'fill' });
  const composed = await (rng.next() < 0.5 ? backdrop.flop() : backdrop)
    .composite([
      { input: shadowSvg(w, h, left + carW / 2, top + carH, carW * 0.55, rng.range(0.25, 0.6)), left: 0, top: 0 },
      { input: carRgba, raw: { width: carW, height: carH, channels: 4 }, left, top },
    ])
    .removeAlpha().raw().toBuffer();
  // Light over the whole picture, car and backdrop alike (a second pass: sharp composites last).
  const rgb = await sharp(composed, { raw: { width: w, height: h, channels: 3 } }).linear(rng.range(0.7, 1.2), rng.range(-12, 12)).raw().toBuffer();
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < carH; y++) {
    for (let x = 0; x < carW; x++) mask[(top + y) * w + left + x] = carRgba[(y * carW + x) * 4 + 3]! >= 128 ? 1 : 0;
  }
  return { rgb, mask };
}

/**
 * Draws `cars` of the pool's drawings (chosen and ordered by `seed`), each over one photograph
 * (also drawn by seed), `views` views each, and writes the set; returns the image count and seconds taken.
 */
export async function generateClipartCarvana(opts: ClipartCarvanaOptions): Promise<{ images: number; seconds: number }> {
  const started = performance.now();
  const sources = opts.sources ?? findClipartSources(opts.clipartDir, opts.backgroundsDir);
  const { outDir, cars, views, width, height, seed } = await startCarvanaSet(opts);
  if (cars > sources.cars.length) {
    throw markUserError(new RangeError(`cars: the clip-art pool has ${sources.cars.length} drawings but ${cars} were asked for; pass --cars ${sources.cars.length} or fewer`));
  }
  const pick = createRng((seed * 2654435761) >>> 0);
  const drawings = shuffled(sources.cars, pick).slice(0, cars);
  const ids = createRng(seed ^ 0x1b873593);
  const rows: string[] = [];
  for (const [car, path] of drawings.entries()) {
    const id = carId(ids);
    const drawing = await loadDrawing(path);
    const carRng = createRng((seed * 15485863 + car * 49979687) >>> 0);
    const photoPath = sources.backgrounds[carRng.int(sources.backgrounds.length)]!;
    // Decoded once per car, at most about twice the frame (some wallpapers are 5640 pixels wide).
    const { data, info } = await decode(sharp(photoPath).removeAlpha().resize({ width: width * 2, height: height * 2, fit: 'inside', withoutEnlargement: true }), photoPath);
    const photo = sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } });
    const sizeShare = carRng.range(0.4, 0.7);
    for (let v = 0; v < views; v++) {
      const rng = createRng((seed * 15485863 + car * 49979687 + (v + 1) * 32452843) >>> 0);
      const { rgb, mask } = await composeView(drawing, photo, info, sizeShare, v >= views / 2, rng, width, height);
      const image = sharp(rgb, { raw: { width, height, channels: 3 } });
      rows.push(await writeCarvanaView(outDir, viewName(id, v), image, mask, width, height, Math.round(rng.range(75, 95))));
    }
  }
  await writeMasksCsv(outDir, rows);
  return { images: rows.length, seconds: (performance.now() - started) / 1000 };
}
