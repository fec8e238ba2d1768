import { createRng, hashSeed } from './rng.js';

/** An RGB colour, components 0..255. */
export type Rgb = readonly [number, number, number];

/** What stays fixed for one synthetic car across its views (sizes relative to image width). */
export interface CarModel {
  paint: Rgb;
  glass: Rgb;
  /** Side-on length, width (seen head-on), body height, cabin height, wheel radius: fractions of image width. */
  length: number;
  breadth: number;
  bodyHeight: number;
  cabinHeight: number;
  wheelRadius: number;
  /** Cabin length as a fraction of the body length, and how much narrower its roof is. */
  cabinLength: number;
  roofTaper: number;
  /** Studio: wall and floor colours, horizon as a fraction of image height. */
  wall: Rgb;
  floor: Rgb;
  horizon: number;
}

/** One view of a car in pixels: every shape the renderer draws. */
export interface CarView {
  wall: Rgb;
  floor: Rgb;
  horizonY: number;
  /** Body: a rounded rectangle. */
  body: { x0: number; x1: number; y0: number; y1: number; radius: number; paint: Rgb };
  /** Cabin: a trapezoid on the body (roof x-range on top, base x-range below); windows inset in it. */
  cabin: { top: number; bottom: number; roof: [number, number]; base: [number, number]; glass: Rgb; inset: number };
  /** Wheels: ellipses (centre, radii) with a lighter hub. */
  wheels: { cx: number; cy: number; rx: number; ry: number }[];
  /** Soft contact shadow on the floor: an ellipse. */
  shadow: { cx: number; cy: number; rx: number; ry: number };
  /** Light at the front end of the body: x-range, colour. */
  lamp: { x0: number; x1: number; y0: number; y1: number; colour: Rgb };
}

const PAINTS: Rgb[] = [
  [235, 235, 232], [25, 25, 28], [165, 168, 172], [170, 20, 25], [25, 55, 140],
  [95, 98, 102], [30, 75, 45], [225, 180, 30], [120, 20, 40], [80, 130, 180],
];

function jitter(rng: () => number, colour: Rgb, amount: number): Rgb {
  const c = (v: number): number => Math.max(0, Math.min(255, Math.round(v + (rng() - 0.5) * 2 * amount)));
  return [c(colour[0]), c(colour[1]), c(colour[2])];
}

/** Draw the fixed look of car number `car` for `seed`: paint, proportions and studio. */
export function createCarModel(seed: number, car: number): CarModel {
  const rng = createRng(hashSeed(seed, car));
  const grey = 150 + rng() * 90;
  const tint: Rgb = [grey + (rng() - 0.5) * 20, grey + (rng() - 0.5) * 20, grey + (rng() - 0.5) * 20];
  const length = 0.5 + rng() * 0.25;
  const bodyHeight = length * (0.17 + rng() * 0.07);
  return {
    paint: jitter(rng, PAINTS[Math.floor(rng() * PAINTS.length)] as Rgb, 18),
    glass: jitter(rng, [45, 55, 70], 15),
    length,
    breadth: length * (0.38 + rng() * 0.08),
    bodyHeight,
    cabinHeight: bodyHeight * (0.65 + rng() * 0.4),
    wheelRadius: bodyHeight * (0.42 + rng() * 0.15),
    cabinLength: 0.45 + rng() * 0.2,
    roofTaper: 0.6 + rng() * 0.25,
    wall: jitter(rng, tint, 6),
    floor: jitter(rng, [tint[0] * 0.8, tint[1] * 0.8, tint[2] * 0.8], 10),
    horizon: 0.5 + rng() * 0.12,
  };
}

/**
 * Lay out view `view` of `views` (the car turns a full circle, like Carvana's turntable) in a
 * `width` x `height` image; position and light vary a little per view.
 */
export function layoutCarView(model: CarModel, seed: number, car: number, view: number, views: number, width: number, height: number): CarView {
  const rng = createRng(hashSeed(seed, car, view));
  const angle = (2 * Math.PI * view) / views + (rng() - 0.5) * 0.1;
  const along = Math.abs(Math.cos(angle));
  const across = Math.abs(Math.sin(angle));
  const facing = Math.cos(angle) >= 0 ? 1 : -1; // +1: front to the right
  const px = (f: number): number => f * width;
  const len = px(model.length * along + model.breadth * across);
  const wheelR = px(model.wheelRadius);
  const cx = width * (0.5 + (rng() - 0.5) * 0.12);
  const ground = Math.min(height * (0.78 + (rng() - 0.5) * 0.08), height - 2);
  const bodyBottom = ground - wheelR * 0.55;
  const bodyTop = bodyBottom - px(model.bodyHeight);
  // Side-on the cabin is a fraction of the length; head-on it spans most of the width.
  const cabinShift = -facing * len * 0.06 * along; // the cabin sits toward the rear
  const radius = (bodyBottom - bodyTop) * 0.35;
  const baseL = Math.max(cx + cabinShift - (len * (model.cabinLength * along ** 2 + 0.82 * across ** 2)) / 2, cx - len / 2 + radius);
  const baseR = Math.min(cx + cabinShift + (len * (model.cabinLength * along ** 2 + 0.82 * across ** 2)) / 2, cx + len / 2 - radius);
  const cabinLen = baseR - baseL;
  const roofLen = cabinLen * model.roofTaper;
  const roofShift = -facing * (cabinLen - roofLen) * 0.2 * along;
  const cabinTop = bodyTop - px(model.cabinHeight);
  const spread = px((model.length / 2 - model.wheelRadius * 1.35) * along + (model.breadth / 2 - model.wheelRadius * 0.6) * across);
  const wheelRx = wheelR * (0.35 + 0.65 * along);
  const light = 0.9 + rng() * 0.2;
  const shade = (c: Rgb): Rgb => [Math.min(255, c[0] * light), Math.min(255, c[1] * light), Math.min(255, c[2] * light)];
  const frontX = facing > 0 ? cx + len / 2 : cx - len / 2;
  const lampW = Math.max(1, len * 0.05);
  return {
    wall: shade(model.wall),
    floor: shade(model.floor),
    horizonY: height * model.horizon,
    body: { x0: cx - len / 2, x1: cx + len / 2, y0: bodyTop, y1: bodyBottom, radius, paint: shade(model.paint) },
    cabin: {
      top: cabinTop,
      bottom: bodyTop + 1,
      roof: [(baseL + baseR) / 2 + roofShift - roofLen / 2, (baseL + baseR) / 2 + roofShift + roofLen / 2],
      base: [baseL, baseR],
      glass: model.glass,
      inset: Math.max(1, (bodyTop - cabinTop) * 0.12),
    },
    wheels: [-1, 1].map((side) => ({ cx: cx + side * spread, cy: ground - wheelR, rx: wheelRx, ry: wheelR })),
    shadow: { cx, cy: ground, rx: len * 0.58, ry: wheelR * 0.45 },
    lamp: {
      x0: facing > 0 ? frontX - lampW * 1.2 : frontX + lampW * 0.2,
      x1: facing > 0 ? frontX - lampW * 0.2 : frontX + lampW * 1.2,
      y0: bodyTop + (bodyBottom - bodyTop) * 0.2,
      y1: bodyTop + (bodyBottom - bodyTop) * 0.4,
      colour: along > 0.3 ? [250, 235, 170] : [200, 30, 30],
    },
  };
}
