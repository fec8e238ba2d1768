/**
 * Backgrounds, shadows, occluders and lighting around an SVG car: studio sweeps, tiled and
 * striped walls, cluttered rooms with shapes, outdoor gradients with noise; poles, plants and
 * boxes in front of the car (removed from the mask, as a photo's occluder would be).
 */
import type { Rng } from './rng.js';

const rgb = (c: readonly number[]) => `rgb(${c.map((v) => Math.round(Math.max(0, Math.min(255, v)))).join(',')})`;
const jitter = (rng: Rng, c: readonly number[], d: number) => c.map((v) => v + rng.range(-d, d));

/** One car's backdrop: fixed across its views except for small per-view jitter. */
export interface SceneStyle {
  kind: number;
  wall: [number, number, number];
  floor: [number, number, number];
  horizon: number;
  seed: number;
}

/** Draws a backdrop style; `kind` 0 studio, 1 tiles, 2 stripes, 3 clutter, 4 noisy outdoor. */
export function randomSceneStyle(rng: Rng): SceneStyle {
  return { kind: rng.int(5), wall: rng.colour(), floor: rng.colour(), horizon: rng.range(0.45, 0.8), seed: rng.int(1e6) };
}

/** The backdrop, drawn behind the car (width x height frame, horizon at style.horizon). */
export function drawBackground(style: SceneStyle, rng: Rng, width: number, height: number): string {
  const h = style.horizon * height;
  const parts = [`<defs><linearGradient id="wall" x1="0" y1="0" x2="${rng.range(0, 0.4)}" y2="1"><stop offset="0" stop-color="${rgb(jitter(rng, style.wall, 10))}"/>`
    + `<stop offset="1" stop-color="${rgb(style.wall.map((v) => v * 0.75))}"/></linearGradient>`
    + `<linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${rgb(style.floor.map((v) => v * 0.8))}"/><stop offset="1" stop-color="${rgb(jitter(rng, style.floor, 10))}"/></linearGradient>`
    + `<filter id="noise"><feTurbulence type="fractalNoise" baseFrequency="${rng.range(0.004, 0.03).toFixed(4)}" numOctaves="2" seed="${style.seed}"/>`
    + `<feColorMatrix type="saturate" values="0.3"/><feComponentTransfer><feFuncA type="linear" slope="0.5"/></feComponentTransfer></filter></defs>`,
  `<rect width="${width}" height="${height}" fill="url(#wall)"/>`];
  if (style.kind === 1) {
    const tile = rng.range(40, 160);
    for (let y = 0; y < h; y += tile) {
      for (let x = (y / tile) % 2 === 0 ? 0 : tile; x < width; x += 2 * tile) parts.push(`<rect x="${x.toFixed(0)}" y="${y.toFixed(0)}" width="${tile.toFixed(0)}" height="${tile.toFixed(0)}" fill="${rgb(style.floor)}" fill-opacity="0.35"/>`);
    }
  } else if (style.kind === 2) {
    const stripe = rng.range(20, 120);
    const colour = rgb(rng.colour());
    for (let x = 0; x < width; x += 2 * stripe) parts.push(`<rect x="${x.toFixed(0)}" y="0" width="${stripe.toFixed(0)}" height="${h.toFixed(0)}" fill="${colour}" fill-opacity="0.5"/>`);
  } else if (style.kind === 3) {
    for (let i = 0; i < 14; i++) {
      const colour = rgb(rng.colour());
      if (rng.next() < 0.5) parts.push(`<circle cx="${rng.range(0, width).toFixed(0)}" cy="${rng.range(0, h).toFixed(0)}" r="${rng.range(20, 200).toFixed(0)}" fill="${colour}" fill-opacity="${rng.range(0.4, 1).toFixed(2)}"/>`);
      else parts.push(`<rect x="${rng.range(0, width).toFixed(0)}" y="${rng.range(0, h).toFixed(0)}" width="${rng.range(40, 400).toFixed(0)}" height="${rng.range(40, 300).toFixed(0)}" fill="${colour}"/>`);
    }
  }
  parts.push(`<rect y="${h.toFixed(0)}" width="${width}" height="${(height - h).toFixed(0)}" fill="url(#floor)"/>`);
  if (style.kind === 4 || style.kind === 3) parts.push(`<rect width="${width}" height="${height}" filter="url(#noise)"/>`);
  if (style.kind === 0) parts.push(`<rect y="${(h - 4).toFixed(0)}" width="${width}" height="8" fill="${rgb(style.wall.map((v) => v * 0.6))}" fill-opacity="0.6"/>`);
  return parts.join('');
}

/** A soft elliptical shadow under the car (radial gradient: no blur filter, cheap at 1918x1280). */
export function drawShadow(cx: number, groundY: number, halfExtent: number, strength: number): string {
  return `<defs><radialGradient id="shadow"><stop offset="0" stop-color="#000" stop-opacity="${strength.toFixed(2)}"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient></defs>`
    + `<ellipse cx="${cx.toFixed(1)}" cy="${groundY.toFixed(1)}" rx="${(halfExtent * 1.2).toFixed(1)}" ry="${(halfExtent * 0.12 + 20).toFixed(1)}" fill="url(#shadow)"/>`;
}

/** Zero to two occluders in front of the car: a pole, a plant (leaf ellipses) or a box; drawn in their colours, and black in the mask. */
export function drawOccluders(rng: Rng, width: number, height: number, cx: number, groundY: number): string {
  const parts: string[] = [];
  const count = rng.next() < 0.45 ? 1 + rng.int(2) : 0;
  for (let i = 0; i < count; i++) {
    const kind = rng.int(3);
    const x = cx + rng.range(-0.4, 0.4) * width;
    const colour = rgb(rng.colour());
    if (kind === 0) parts.push(`<rect x="${x.toFixed(0)}" y="0" width="${rng.range(12, 60).toFixed(0)}" height="${height}" fill="${colour}"/>`);
    else if (kind === 1) {
      for (let j = 0; j < 9; j++) parts.push(`<ellipse cx="${(x + rng.range(-90, 90)).toFixed(0)}" cy="${(groundY + rng.range(-260, 40)).toFixed(0)}" rx="${rng.range(15, 45).toFixed(0)}" ry="${rng.range(40, 90).toFixed(0)}" transform="rotate(${rng.range(-50, 50).toFixed(0)} ${x.toFixed(0)} ${groundY.toFixed(0)})" fill="rgb(${rng.range(20, 80).toFixed(0)},${rng.range(90, 170).toFixed(0)},${rng.range(20, 70).toFixed(0)})"/>`);
    } else parts.push(`<rect x="${x.toFixed(0)}" y="${(groundY - rng.range(80, 260)).toFixed(0)}" width="${rng.range(100, 300).toFixed(0)}" height="${(height - groundY + 300).toFixed(0)}" fill="${colour}"/>`);
  }
  return parts.join('');
}

/** A light falloff over the whole frame (brighter on one side, darker on the other) and a vignette. */
export function drawLighting(rng: Rng, width: number, height: number): string {
  const angle = rng.range(0, Math.PI * 2);
  const x2 = 0.5 + 0.5 * Math.cos(angle), y2 = 0.5 + 0.5 * Math.sin(angle);
  return `<defs><linearGradient id="light" x1="${(1 - x2).toFixed(2)}" y1="${(1 - y2).toFixed(2)}" x2="${x2.toFixed(2)}" y2="${y2.toFixed(2)}">`
    + `<stop offset="0" stop-color="#fff" stop-opacity="${rng.range(0, 0.3).toFixed(2)}"/><stop offset="1" stop-color="#000" stop-opacity="${rng.range(0, 0.5).toFixed(2)}"/></linearGradient>`
    + `<radialGradient id="vignette"><stop offset="0.6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="${rng.range(0, 0.5).toFixed(2)}"/></radialGradient></defs>`
    + `<rect width="${width}" height="${height}" fill="url(#light)"/><rect width="${width}" height="${height}" fill="url(#vignette)"/>`;
}
