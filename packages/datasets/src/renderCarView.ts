import type { CarView, Rgb } from './syntheticCar.js';

// Scanline renderer: for each row it computes the x-span every shape covers and fills spans,
// so a 1918x1280 frame costs a few passes over memory instead of per-pixel shape tests.

type Span = [number, number] | undefined;

function clampSpan(a: number, b: number, width: number): Span {
  const x0 = Math.max(0, Math.ceil(a - 0.5));
  const x1 = Math.min(width, Math.ceil(b - 0.5));
  return x1 > x0 ? [x0, x1] : undefined;
}

function ellipseSpan(e: { cx: number; cy: number; rx: number; ry: number }, yc: number, width: number, scale = 1): Span {
  const dy = (yc - e.cy) / (e.ry * scale);
  if (dy <= -1 || dy >= 1) return undefined;
  const half = e.rx * scale * Math.sqrt(1 - dy * dy);
  return clampSpan(e.cx - half, e.cx + half, width);
}

function bodySpan(b: CarView['body'], yc: number, width: number): Span {
  if (yc < b.y0 || yc >= b.y1) return undefined;
  const r = b.radius;
  const d = yc < b.y0 + r ? b.y0 + r - yc : yc > b.y1 - r ? yc - (b.y1 - r) : 0;
  const inset = r - Math.sqrt(Math.max(0, r * r - d * d));
  return clampSpan(b.x0 + inset, b.x1 - inset, width);
}

function cabinSpan(c: CarView['cabin'], yc: number, width: number, inset = 0): Span {
  const top = c.top + inset;
  if (yc < top || yc >= c.bottom - inset * 0.5) return undefined;
  const t = (yc - c.top) / (c.bottom - c.top);
  const left = c.roof[0] + (c.base[0] - c.roof[0]) * t + inset;
  const right = c.roof[1] + (c.base[1] - c.roof[1]) * t - inset;
  return clampSpan(left, right, width);
}

/** Fill pixels [span) of a row with one colour: write one pixel, then double it with memcpy. */
function fill(rgb: Uint8Array, row: number, span: Span, colour: Rgb): void {
  if (!span) return;
  const start = (row + span[0]) * 3;
  const end = (row + span[1]) * 3;
  rgb[start] = colour[0];
  rgb[start + 1] = colour[1];
  rgb[start + 2] = colour[2];
  for (let done = 3; start + done < end; done *= 2) rgb.copyWithin(start + done, start, Math.min(start + done * 2, end) - done);
}

function scale(c: Rgb, k: number): Rgb {
  return [Math.min(255, c[0] * k), Math.min(255, c[1] * k), Math.min(255, c[2] * k)];
}

/** Fixed pseudo-random grain, so walls and floors are not flat colour (as real photos are not). */
const GRAIN = (() => {
  const grain = new Int8Array(4096);
  let s = 0x2545f491;
  for (let i = 0; i < grain.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    grain[i] = (s & 7) - 3;
  }
  return grain;
})();

/**
 * Paint row `y` of the studio. The gradient changes the colour only every few rows, so a row
 * whose colour equals the previous row's is a memcpy of it shifted by a few pixels (the grain
 * moves, no visible stripes) instead of a per-pixel loop: most of the frame costs a memcpy.
 */
function background(rgb: Uint8Array, y: number, width: number, height: number, view: CarView, previous: Rgb | undefined): Rgb {
  const onFloor = y >= view.horizonY;
  const t = onFloor ? (y - view.horizonY) / Math.max(1, height - view.horizonY) : y / Math.max(1, view.horizonY);
  // Keep 3 levels of headroom so adding the grain never wraps around in the Uint8Array.
  const colour = (onFloor ? scale(view.floor, 1.1 - 0.25 * t) : scale(view.wall, 0.85 + 0.2 * t)).map((v) => Math.round(Math.min(252, Math.max(3, v)))) as [number, number, number];
  const start = y * width * 3;
  if (previous && y > 0 && previous[0] === colour[0] && previous[1] === colour[1] && previous[2] === colour[2] && width > 8) {
    const shift = 3 * (1 + (y % 5));
    rgb.copyWithin(start, start - width * 3 + shift, start);
    rgb.copyWithin(start + width * 3 - shift, start - width * 3, start - width * 3 + shift);
    return colour;
  }
  const [r, g, b] = colour;
  const offset = (y * 31) & 4095;
  for (let x = 0, i = start; x < width; x++, i += 3) {
    const n = GRAIN[(offset + x) & 4095] as number;
    rgb[i] = r + n;
    rgb[i + 1] = g + n;
    rgb[i + 2] = b + n;
  }
  return colour;
}

/**
 * Render `view` into `rgb` (width*height*3, RGB) and `mask` (width*height, 1 = car, 0 = not).
 * The mask is the union of body, cabin and wheels; the floor shadow is background.
 */
export function renderCarView(view: CarView, width: number, height: number, rgb: Uint8Array, mask: Uint8Array): void {
  mask.fill(0);
  const { body, cabin, shadow } = view;
  const bodyH = body.y1 - body.y0;
  // The whole background first: its rows are copied from the row above, which must not hold car yet.
  let previous: Rgb | undefined;
  for (let y = 0; y < height; y++) previous = background(rgb, y, width, height, view, previous);
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    const row = y * width;
    // Soft shadow: two nested ellipses, the inner one darker.
    fill(rgb, row, ellipseSpan(shadow, yc, width), scale(view.floor, 0.62));
    fill(rgb, row, ellipseSpan(shadow, yc, width, 0.7), scale(view.floor, 0.42));

    const parts: Span[] = [bodySpan(body, yc, width), cabinSpan(cabin, yc, width)];
    const bodyRow = parts[0];
    if (bodyRow) fill(rgb, row, bodyRow, scale(body.paint, 1.15 - 0.35 * ((yc - body.y0) / bodyH)));
    fill(rgb, row, parts[1], scale(body.paint, 1.05));
    fill(rgb, row, cabinSpan(cabin, yc, width, cabin.inset), cabin.glass);
    if (yc >= view.lamp.y0 && yc < view.lamp.y1) fill(rgb, row, clampSpan(view.lamp.x0, view.lamp.x1, width), view.lamp.colour);
    for (const wheel of view.wheels) {
      const tyre = ellipseSpan(wheel, yc, width);
      parts.push(tyre);
      fill(rgb, row, tyre, [28, 28, 30]);
      fill(rgb, row, ellipseSpan(wheel, yc, width, 0.55), [150, 152, 158]);
    }
    for (const span of parts) if (span) mask.fill(1, row + span[0], row + span[1]);
  }
}
