/**
 * Backdrops, shadows, occluders and lighting for the raster-shape generator, painted pixel by
 * pixel into float RGB buffers: studio sweeps, noise textures (gravel, foliage), clutter with
 * look-alike colours, striped walls and outdoor scenes; poles and rails in front of the object
 * (cut out of the mask); directional light, vignette, colour cast, gamma and sensor noise.
 */
import { blend, type Field, upsampleRgb, valueNoise } from './rasterNoise.js';
import type { Rng } from './rng.js';

type Rgb = [number, number, number];

/** Any colour, greys and washed-out tones included (backdrops are not only car paints). */
export function anyColour(rng: Rng): Rgb {
  if (rng.next() < 0.3) return rng.colour();
  const g = rng.range(30, 230), s = rng.range(0, 90);
  return [g + rng.range(-s, s), g + rng.range(-s, s), g + rng.range(-s, s)];
}

/** One object's backdrop: kind 0 studio, 1 noise texture, 2 clutter, 3 stripes, 4 outdoor. */
export interface RasterStyle {
  kind: number;
  wall: Rgb;
  floor: Rgb;
  accent: Rgb;
  horizon: number;
  grain: number;
}

/** Draws a backdrop style; `lookAlike` (the object's paint) is sometimes the clutter's colour. */
export function randomRasterStyle(rng: Rng, lookAlike: Rgb): RasterStyle {
  const kind = rng.int(5);
  return {
    kind,
    wall: anyColour(rng),
    floor: anyColour(rng),
    accent: rng.next() < 0.4 ? lookAlike.map((v) => v + rng.range(-20, 20)) as Rgb : anyColour(rng),
    horizon: rng.range(0.35, 0.75),
    grain: rng.range(2, 14),
  };
}

/** The backdrop at full size (painted at a quarter of it, then upsampled: backdrops are soft). */
export function paintBackground(style: RasterStyle, rng: Rng, w: number, h: number): Float32Array {
  const sw = Math.ceil(w / 4), sh = Math.ceil(h / 4);
  const small = new Float32Array(sw * sh * 3);
  const texture = valueNoise(rng, style.grain, 3);
  const coarse = valueNoise(rng, 3, 2);
  const blobs = style.kind === 2 ? Array.from({ length: 8 + rng.int(18) }, () => ({
    x: rng.next(), y: rng.range(0, style.horizon + 0.2), rx: rng.range(0.02, 0.15), ry: rng.range(0.02, 0.2),
    colour: rng.next() < 0.35 ? style.accent : anyColour(rng), round: rng.next() < 0.5,
  })) : [];
  const stripe = { angle: rng.range(0, Math.PI), period: rng.range(0.02, 0.12), duty: rng.range(0.2, 0.7) };
  for (let y = 0; y < sh; y++) {
    const v = y / sh;
    for (let x = 0; x < sw; x++) {
      const u = x / sw, i = y * sw + x;
      let c = backdropAt(style, u, v, texture, coarse, stripe);
      // Clutter: later shapes cover earlier ones.
      for (const b of blobs) {
        const dx = (u - b.x) / b.rx, dy = (v - b.y) / b.ry;
        if (b.round ? dx * dx + dy * dy < 1 : Math.abs(dx) < 1 && Math.abs(dy) < 1) c = b.colour.map((k) => k * (0.8 + 0.3 * texture(u, v)));
      }
      small[i * 3] = c[0]!;
      small[i * 3 + 1] = c[1]!;
      small[i * 3 + 2] = c[2]!;
    }
  }
  return upsampleRgb(small, sw, sh, w, h);
}

function backdropAt(style: RasterStyle, u: number, v: number, texture: Field, coarse: Field, stripe: { angle: number; period: number; duty: number }): number[] {
  const below = v > style.horizon;
  const t = texture(u, v), g = coarse(u, v);
  if (style.kind === 4) {
    // Sky, a band of trees or buildings at the horizon, ground.
    if (!below && v < style.horizon - 0.12 * g) return style.wall.map((k, c) => k * (0.75 + 0.4 * (1 - v)) + (c === 2 ? 25 : 0));
    if (!below) return style.accent.map((k) => k * (0.35 + 0.6 * t));
    return style.floor.map((k) => k * (0.55 + 0.6 * t));
  }
  const base = below ? style.floor : style.wall;
  const ramp = below ? 0.75 + 0.3 * (v - style.horizon) / (1 - style.horizon) : 1 - 0.3 * v;
  if (style.kind === 1) {
    // Gravel or foliage: two colours mixed by the texture.
    const m = Math.min(1, Math.max(0, (t - 0.35) * 3));
    return base.map((k, c) => (k * (1 - m) + style.accent[c]! * m) * ramp);
  }
  if (style.kind === 3 && !below) {
    const s = (u * Math.cos(stripe.angle) + v * Math.sin(stripe.angle)) / stripe.period;
    const on = s - Math.floor(s) < stripe.duty;
    return (on ? style.accent : base).map((k) => k * ramp * (0.9 + 0.2 * g));
  }
  return base.map((k) => k * ramp * (0.92 + 0.16 * g) + (t - 0.5) * 12);
}

/** Darkens a soft ellipse on the ground under the object (centre cx, ground y, half width rx). */
export function paintShadow(img: Float32Array, w: number, h: number, cx: number, groundY: number, rx: number, strength: number): void {
  const ry = rx * 0.18;
  for (let y = Math.max(0, Math.floor(groundY - ry * 2)); y < Math.min(h, groundY + ry * 2); y++) {
    for (let x = Math.max(0, Math.floor(cx - rx * 1.3)); x < Math.min(w, cx + rx * 1.3); x++) {
      const d = ((x - cx) / rx) ** 2 + ((y - groundY) / ry) ** 2;
      if (d < 1.6) blend(img, y * w + x, [0, 0, 0], strength * Math.max(0, 1 - d / 1.6));
    }
  }
}

/** Poles and rails in front of the object, painted on `img` and cleared from `mask`. */
export function paintOccluders(rng: Rng, img: Float32Array, mask: Uint8Array, w: number, h: number, box: { x0: number; x1: number; y0: number; y1: number }): void {
  const poles = rng.next() < 0.3 ? 1 + rng.int(2) : 0;
  const rail = rng.next() < 0.12;
  for (let p = 0; p < poles; p++) {
    const x0 = Math.round(rng.range(box.x0, box.x1)), width = Math.round(rng.range(0.008, 0.03) * w), colour = anyColour(rng);
    for (let y = 0; y < h; y++) {
      for (let x = x0; x < Math.min(w, x0 + width); x++) {
        const shade = 0.7 + 0.5 * Math.sin(((x - x0) / width) * Math.PI);
        blend(img, y * w + x, colour.map((c) => c * shade), 1);
        mask[y * w + x] = 0;
      }
    }
  }
  if (rail) {
    const y0 = Math.round(rng.range(box.y0 + (box.y1 - box.y0) * 0.4, box.y1)), height = Math.round(rng.range(0.01, 0.03) * h), colour = anyColour(rng);
    for (let y = y0; y < Math.min(h, y0 + height); y++) {
      for (let x = 0; x < w; x++) {
        blend(img, y * w + x, colour, 1);
        mask[y * w + x] = 0;
      }
    }
  }
}

/** Directional light, vignette, colour cast, gamma and sensor noise; returns 8-bit RGB. */
export function applyLighting(rng: Rng, img: Float32Array, w: number, h: number): Uint8Array {
  const dir = rng.range(0, 2 * Math.PI), slope = rng.range(0, 0.35), vignette = rng.range(0, 0.5);
  const cast = [rng.range(0.85, 1.15), rng.range(0.85, 1.15), rng.range(0.85, 1.15)], gain = rng.range(0.6, 1.25);
  const gamma = rng.range(0.8, 1.25), noise = rng.range(0, 9);
  const out = new Uint8Array(w * h * 3);
  const cos = Math.cos(dir), sin = Math.sin(dir);
  // 255 * t^gamma for t in [0, 2], in steps of 1/1024 (a pow per channel and pixel took most of the time).
  const curve = Float32Array.from({ length: 2049 }, (_, i) => 255 * (i / 1024) ** gamma);
  for (let y = 0; y < h; y++) {
    const v = y / h - 0.5;
    for (let x = 0; x < w; x++) {
      const u = x / w - 0.5;
      const light = (gain * (1 + slope * 2 * (u * cos + v * sin)) * (1 - vignette * (u * u + v * v) * 2)) / 255;
      // Sensor noise: mostly shared by the channels (luminance), a little per channel.
      const grain = (rng.next() - 0.5) * 2 * noise;
      for (let c = 0; c < 3; c++) {
        const t = Math.min(2048, Math.max(0, Math.round(img[(y * w + x) * 3 + c]! * light * cast[c]! * 1024)));
        out[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, curve[t]! + grain + (c === 1 ? 0 : grain * 0.2)));
      }
    }
  }
  return out;
}
