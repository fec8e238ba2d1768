/**
 * A car seen from one of 16 turntable angles, drawn as SVG paths (body with rounded bumpers, a
 * curved-roof cabin with glass, wheels, mirrors, lights): independent of @maskflow/datasets'
 * scanline renderer, so a model tuned on one is tested on shapes it never saw.
 */
import type { Rng } from './rng.js';

/** What stays fixed for one car across its views. */
export interface CarShape {
  /** Length and width in pixels of the 1918-wide frame; heights as fractions of length. */
  length: number;
  width: number;
  bodyHeight: number;
  cabinHeight: number;
  cabinLength: number;
  /** Where the cabin sits along the car (-0.2 rear .. 0.2 front), as a fraction of length. */
  cabinOffset: number;
  roofBulge: number;
  wheelRadius: number;
  wheelBase: number;
  cornerRadius: number;
  colour: [number, number, number];
  mirrors: boolean;
  spoiler: boolean;
}

/** Draws one car's fixed shape: sedans, hatchbacks, SUVs and vans in any colour. */
export function randomCarShape(rng: Rng, frameWidth: number): CarShape {
  const kind = rng.int(4);
  const length = frameWidth * rng.range(0.42, 0.8);
  const tall = [0.2, 0.24, 0.3, 0.36][kind]!;
  return {
    length,
    width: length * rng.range(0.38, 0.48),
    bodyHeight: length * tall * rng.range(0.85, 1.15),
    cabinHeight: length * [0.13, 0.15, 0.17, 0.2][kind]! * rng.range(0.85, 1.15),
    cabinLength: [0.45, 0.5, 0.55, 0.75][kind]! * rng.range(0.9, 1.1),
    cabinOffset: kind === 3 ? rng.range(-0.1, 0.02) : rng.range(-0.15, 0.05),
    roofBulge: rng.range(0, 0.6),
    wheelRadius: length * rng.range(0.065, 0.095),
    wheelBase: rng.range(0.58, 0.7),
    cornerRadius: rng.range(0.08, 0.35),
    colour: rng.colour(),
    mirrors: rng.next() < 0.7,
    spoiler: kind < 2 && rng.next() < 0.25,
  };
}

/** SVG of one view: `paint` is the visible car, `silhouette` the same outline in one fill (for the mask). */
export interface CarSvg {
  paint: string;
  silhouette: string;
  /** Ground line and half extent, for the shadow under the car. */
  groundY: number;
  halfExtent: number;
  cx: number;
}

const rgb = (c: readonly number[], k = 1) => `rgb(${c.map((v) => Math.round(Math.max(0, Math.min(255, v * k)))).join(',')})`;

/**
 * Projects the car at turntable angle `angle` (0: side view, pi/2: front) orthographically and
 * returns its SVG. Apparent length of a part = along-car size * |cos| + across-car size * |sin|.
 */
export function drawCar(shape: CarShape, angle: number, cx: number, groundY: number, id: string, light: number): CarSvg {
  const c = Math.cos(angle), s = Math.sin(angle);
  const ac = Math.abs(c), as = Math.abs(s);
  const half = (shape.length * ac + shape.width * as) / 2;
  const wheelR = shape.wheelRadius;
  const bodyBottom = groundY - wheelR * 0.9;
  const bodyTop = bodyBottom - shape.bodyHeight * 0.55;
  const r = Math.min(shape.cornerRadius * shape.bodyHeight, (bodyBottom - bodyTop) * 0.9, half * 0.5);
  const body = `M ${cx - half} ${bodyBottom - r * 0.3} L ${cx - half} ${bodyTop + r} Q ${cx - half} ${bodyTop} ${cx - half + r} ${bodyTop} `
    + `L ${cx + half - r} ${bodyTop} Q ${cx + half} ${bodyTop} ${cx + half} ${bodyTop + r} L ${cx + half} ${bodyBottom - r * 0.3} `
    + `Q ${cx + half} ${bodyBottom} ${cx + half - r * 0.6} ${bodyBottom} L ${cx - half + r * 0.6} ${bodyBottom} Q ${cx - half} ${bodyBottom} ${cx - half} ${bodyBottom - r * 0.3} Z`;
  const cabinCx = cx + shape.cabinOffset * shape.length * c;
  const cabinHalf = (shape.cabinLength * shape.length * ac + shape.width * 0.86 * as) / 2;
  const cabinTop = bodyTop - shape.cabinHeight;
  const slant = cabinHalf * 0.28;
  const bulge = shape.roofBulge * shape.cabinHeight;
  const cabin = `M ${cabinCx - cabinHalf} ${bodyTop + 1} L ${cabinCx - cabinHalf + slant} ${cabinTop + bulge * 0.5} `
    + `Q ${cabinCx} ${cabinTop - bulge} ${cabinCx + cabinHalf - slant} ${cabinTop + bulge * 0.5} L ${cabinCx + cabinHalf} ${bodyTop + 1} Z`;
  const inset = shape.cabinHeight * 0.16;
  const glass = `M ${cabinCx - cabinHalf + inset * 1.3} ${bodyTop - inset * 0.4} L ${cabinCx - cabinHalf + slant + inset * 0.6} ${cabinTop + bulge * 0.5 + inset} `
    + `Q ${cabinCx} ${cabinTop - bulge + inset} ${cabinCx + cabinHalf - slant - inset * 0.6} ${cabinTop + bulge * 0.5 + inset} L ${cabinCx + cabinHalf - inset * 1.3} ${bodyTop - inset * 0.4} Z`;
  const wheels: string[] = [];
  const tyre = wheelR * 0.45;
  for (const along of [-1, 1]) {
    for (const across of [-1, 1]) {
      const x = cx + along * (shape.wheelBase * shape.length / 2) * c + across * (shape.width * 0.42) * s;
      // Near-side wheels (across * s <= 0 seen from the camera side) are fully visible; far ones peek out below.
      const rx = Math.max(wheelR * ac, tyre * as + 2);
      wheels.push(`<ellipse cx="${x.toFixed(1)}" cy="${(groundY - wheelR).toFixed(1)}" rx="${rx.toFixed(1)}" ry="${wheelR.toFixed(1)}" FILL/>`);
    }
  }
  const mirrors = shape.mirrors
    ? [-1, 1].map((side) => {
      const x = cabinCx + side * (shape.width * 0.5) * s - (shape.cabinLength * shape.length * 0.45) * c;
      return `<ellipse cx="${x.toFixed(1)}" cy="${(bodyTop - shape.cabinHeight * 0.15).toFixed(1)}" rx="${(shape.length * 0.025).toFixed(1)}" ry="${(shape.cabinHeight * 0.14).toFixed(1)}" FILL/>`;
    }).join('')
    : '';
  const spoiler = shape.spoiler
    ? `<rect x="${(cx - shape.length * 0.5 * c - shape.length * 0.06).toFixed(1)}" y="${(bodyTop - shape.bodyHeight * 0.12).toFixed(1)}" width="${(shape.length * 0.12 * ac + shape.width * 0.8 * as).toFixed(1)}" height="${(shape.bodyHeight * 0.06).toFixed(1)}" FILL/>`
    : '';
  const front = c >= 0 ? 1 : -1;
  const lampRx = Math.min(shape.length * 0.025 + shape.width * 0.12 * as, half * 0.3);
  const lampX = cx + front * (half - lampRx * 1.3);
  const lamps = `<ellipse cx="${lampX.toFixed(1)}" cy="${(bodyTop + shape.bodyHeight * 0.12).toFixed(1)}" rx="${lampRx.toFixed(1)}" ry="${(shape.bodyHeight * 0.05).toFixed(1)}" fill="${s > 0 ? '#fff8d0' : '#c0201a'}"/>`;
  const grad = `g${id}`;
  const paint = `<defs><linearGradient id="${grad}" x1="0" y1="0" x2="0" y2="1">`
    + `<stop offset="0" stop-color="${rgb(shape.colour, 1.25 * light)}"/><stop offset="0.45" stop-color="${rgb(shape.colour, light)}"/><stop offset="1" stop-color="${rgb(shape.colour, 0.55 * light)}"/></linearGradient></defs>`
    + wheels.join('').replaceAll('FILL', 'fill="#151515" stroke="#444" stroke-width="3"')
    + `<path d="${cabin}" fill="url(#${grad})"/><path d="${glass}" fill="rgb(40,52,66)" fill-opacity="0.92"/>`
    + `<path d="${body}" fill="url(#${grad})"/>${lamps}`
    + mirrors.replaceAll('FILL', `fill="${rgb(shape.colour, 0.8 * light)}"`)
    + spoiler.replaceAll('FILL', `fill="${rgb(shape.colour, 0.7 * light)}"`)
    + `<line x1="${cx - half * 0.9}" y1="${(bodyTop + bodyBottom) / 2}" x2="${cx + half * 0.9}" y2="${(bodyTop + bodyBottom) / 2}" stroke="${rgb(shape.colour, 0.6 * light)}" stroke-width="3"/>`;
  const silhouette = wheels.join('').replaceAll('FILL', 'fill="#fff"') + `<path d="${cabin}" fill="#fff"/><path d="${body}" fill="#fff"/>`
    + mirrors.replaceAll('FILL', 'fill="#fff"') + spoiler.replaceAll('FILL', 'fill="#fff"');
  return { paint, silhouette, groundY, halfExtent: half, cx };
}
