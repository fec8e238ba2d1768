/**
 * Writes a Carvana-format data set from SVG drawings rendered by sharp (librsvg): train/<car>_<NN>.jpg,
 * train_masks/<car>_<NN>_mask.gif and train_masks.csv. Made to test Maskflow's defaults on data
 * that no part of Maskflow generated: its shapes, backgrounds, lighting and occluders come from
 * this folder only (not from @maskflow/datasets' renderer).
 */
import sharp from 'sharp';
import { type CarvanaSetOptions, carId, startCarvanaSet, viewName, writeCarvanaView, writeMasksCsv } from './carvanaWriter.js';
import { createRng } from './rng.js';
import { drawCar, randomCarShape } from './svgCar.js';
import { drawBackground, drawLighting, drawOccluders, drawShadow, randomSceneStyle } from './svgScene.js';

/** Options of generateSvgCarvana. */
export type SvgCarvanaOptions = CarvanaSetOptions;

/** The SVG of one view and of its mask. */
export interface SvgView {
  image: string;
  mask: string;
}

/** The SVGs of every view of one car (deterministic in seed and car index). */
export function drawCarViews(seed: number, car: number, views: number, width: number, height: number): SvgView[] {
  const rng = createRng((seed * 7919 + car * 104729) >>> 0);
  // Drawn in a 1918-wide coordinate frame (Carvana's), scaled to width x height by the viewBox.
  const scale = width / 1918;
  const frameW = 1918, frameH = height / scale;
  const shape = randomCarShape(rng, frameW);
  const style = randomSceneStyle(rng);
  const light = rng.range(0.6, 1.25);
  const out: SvgView[] = [];
  for (let v = 0; v < views; v++) {
    const angle = (2 * Math.PI * v) / views + rng.range(-0.07, 0.07);
    const cx = frameW * (0.5 + rng.range(-0.08, 0.08));
    const groundY = frameH * Math.max(style.horizon + 0.08, rng.range(0.74, 0.95));
    const drawnCar = drawCar(shape, angle, cx, groundY, `${car}_${v}`, light * rng.range(0.92, 1.08));
    const occluders = drawOccluders(rng, frameW, frameH, cx, groundY);
    const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${frameW} ${frameH}">`;
    out.push({
      image: head + drawBackground(style, rng, frameW, frameH) + drawShadow(drawnCar.cx, groundY, drawnCar.halfExtent, rng.range(0.3, 0.8))
        + drawnCar.paint + occluders + drawLighting(rng, frameW, frameH) + '</svg>',
      mask: `${head}<rect width="100%" height="100%" fill="#000"/>${drawnCar.silhouette}${occluders.replace(/fill="[^"]*"/g, 'fill="#000"')}</svg>`,
    });
  }
  return out;
}

/** Renders every view (two at a time: sharp's librsvg and JPEG work runs on libvips threads) and writes the set. */
export async function generateSvgCarvana(opts: SvgCarvanaOptions): Promise<{ images: number; seconds: number }> {
  const started = performance.now();
  const { outDir, cars, views, width, height, seed } = await startCarvanaSet(opts);
  const rows: string[] = [];
  const rng = createRng(seed ^ 0x5bd1e995);
  for (let car = 0; car < cars; car++) {
    const id = carId(rng);
    const drawn = drawCarViews(seed, car, views, width, height);
    for (let v = 0; v < drawn.length; v += 2) {
      const batch = drawn.slice(v, v + 2).map(async (view, k) => {
        const name = viewName(id, v + k);
        const { data } = await sharp(Buffer.from(view.mask)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
        const bits = new Uint8Array(data.length);
        for (let i = 0; i < data.length; i++) bits[i] = data[i]! >= 128 ? 1 : 0;
        return writeCarvanaView(outDir, name, sharp(Buffer.from(view.image)), bits, width, height);
      });
      rows.push(...(await Promise.all(batch)));
    }
  }
  await writeMasksCsv(outDir, rows);
  return { images: rows.length, seconds: (performance.now() - started) / 1000 };
}
