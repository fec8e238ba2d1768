import { describe, expect, it } from 'vitest';
import { createRng } from '@maskflow/datasets';
import { applyAugment, drawAugment } from './augmentSample.js';
import { brightness } from './brightness.js';
import { hflip } from './hflip.js';
import { hueShift } from './hueShift.js';
import { scale } from './scale.js';
import { shift } from './shift.js';
import { vflip } from './vflip.js';

const W = 7;
const H = 5;

/** An image whose every pixel is unique: (x, y) encoded in the channels. */
function coordImage(): Uint8Array {
  const img = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) img.set([x + 1, y + 1, 100 + x * 10 + y], (y * W + x) * 3);
  return img;
}
function coordMask(): Uint8Array {
  return Uint8Array.from({ length: W * H }, (_, i) => (i * 37) % 5 === 0 ? 1 : 0);
}

describe('hflip', () => {
  it('sends pixel (x, y) to (W-1-x, y) in image and mask alike', () => {
    const img = coordImage();
    const mask = coordMask();
    const [i0, m0] = [img.slice(), mask.slice()];
    hflip(img, W, H, 3);
    hflip(mask, W, H, 1);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const to = y * W + (W - 1 - x);
        expect(Array.from(img.subarray(to * 3, to * 3 + 3))).toEqual(Array.from(i0.subarray((y * W + x) * 3, (y * W + x) * 3 + 3)));
        expect(mask[to]).toBe(m0[y * W + x]);
      }
    }
  });
});

describe('vflip', () => {
  it('sends pixel (x, y) to (x, H-1-y) in image and mask alike, and twice is the identity', () => {
    const img = coordImage();
    const mask = coordMask();
    const [i0, m0] = [img.slice(), mask.slice()];
    vflip(img, W, H, 3);
    vflip(mask, W, H, 1);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const to = (H - 1 - y) * W + x;
        expect(Array.from(img.subarray(to * 3, to * 3 + 3))).toEqual(Array.from(i0.subarray((y * W + x) * 3, (y * W + x) * 3 + 3)));
        expect(mask[to]).toBe(m0[y * W + x]);
      }
    }
    vflip(img, W, H, 3);
    expect(img).toEqual(i0);
  });
});

describe('shift', () => {
  it.each([[2, 1], [-3, 2], [1, -2], [0, -1], [-1, 0], [0, 0]])('moves image and mask by dx=%i dy=%i and fills the vacated area with 0', (dx, dy) => {
    const img = coordImage();
    const mask = coordMask();
    const [i0, m0] = [img.slice(), mask.slice()];
    shift(img, W, H, 3, dx, dy);
    shift(mask, W, H, 1, dx, dy);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const sx = x - dx;
        const sy = y - dy;
        const inside = sx >= 0 && sx < W && sy >= 0 && sy < H;
        const p = y * W + x;
        const s = sy * W + sx;
        expect(Array.from(img.subarray(p * 3, p * 3 + 3))).toEqual(inside ? Array.from(i0.subarray(s * 3, s * 3 + 3)) : [0, 0, 0]);
        expect(mask[p]).toBe(inside ? m0[s] : 0);
      }
    }
  });

  it('clears everything when the shift is at least the size', () => {
    const img = coordImage();
    shift(img, W, H, 3, W, 0);
    expect(img.every((v) => v === 0)).toBe(true);
  });
});

describe('hueShift', () => {
  it('is the identity for delta 0 and for whole turns', () => {
    const img = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256);
    for (const delta of [0, 1, -1]) {
      const out = img.slice();
      hueShift(out, 1000, delta);
      expect(out).toEqual(img);
    }
  });

  it('rotates primaries by a third of the circle and keeps greys', () => {
    const px = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 90, 90, 90]);
    hueShift(px, 4, 1 / 3);
    expect(Array.from(px)).toEqual([0, 255, 0, 0, 0, 255, 255, 0, 0, 90, 90, 90]);
  });

  it('keeps value and chroma, and round-trips within rounding', () => {
    const img = Uint8Array.from({ length: 3 * 4096 }, (_, i) => (i * 2654435761) % 251);
    const out = img.slice();
    hueShift(out, 4096, 0.137);
    for (let p = 0; p < 4096; p++) {
      const a = Array.from(img.subarray(p * 3, p * 3 + 3));
      const b = Array.from(out.subarray(p * 3, p * 3 + 3));
      expect(Math.max(...b)).toBe(Math.max(...a));
      expect(Math.min(...b)).toBe(Math.min(...a));
    }
    hueShift(out, 4096, -0.137);
    for (let i = 0; i < img.length; i++) expect(Math.abs((out[i] as number) - (img[i] as number))).toBeLessThanOrEqual(1);
  });
});

describe('drawAugment', () => {
  it('draws from the given source only: same seed, same draw; within the configured ranges', () => {
    const settings = { hueDelta: 0.1, hflip: true, shift: [0.1, 0.2] as [number, number], scale: 0.2, brightness: 0.3 };
    expect(drawAugment(createRng(5), settings, 100, 50)).toEqual(drawAugment(createRng(5), settings, 100, 50));
    let flips = 0;
    for (let s = 0; s < 400; s++) {
      const d = drawAugment(createRng(s), settings, 100, 50);
      expect(Math.abs(d.hueDelta)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(d.dx)).toBeLessThanOrEqual(10);
      expect(Math.abs(d.dy)).toBeLessThanOrEqual(10);
      expect(Math.abs(d.scale - 1)).toBeLessThanOrEqual(0.2);
      expect(Math.abs(d.brightness - 1)).toBeLessThanOrEqual(0.3);
      if (d.flip) flips++;
    }
    expect(flips).toBeGreaterThan(150);
    expect(flips).toBeLessThan(250);
  });

  it('turning an operation off changes nothing else', () => {
    const on = drawAugment(createRng(9), { hueDelta: 0.2, hflip: true, shift: [0.3, 0.3], scale: 0.2, brightness: 0.2 }, 64, 64);
    const off = drawAugment(createRng(9), { hueDelta: 0.2, hflip: false, shift: [0.3, 0.3], scale: 0.2, brightness: 0.2 }, 64, 64);
    expect({ ...off, flip: on.flip }).toEqual(on);
    expect(off.flip).toBe(false);
    const noZoom = drawAugment(createRng(9), { hueDelta: 0.2, hflip: true, shift: [0.3, 0.3], scale: 0, brightness: 0 }, 64, 64);
    expect({ ...noZoom, scale: on.scale, brightness: on.brightness }).toEqual(on);
    expect([noZoom.scale, noZoom.brightness]).toEqual([1, 1]);
    // The vertical flip is drawn last: turning it on leaves every earlier draw as it was.
    const upsideDown = Array.from({ length: 40 }, (_, s) => drawAugment(createRng(s), { hueDelta: 0.2, hflip: true, vflip: true, shift: [0.3, 0.3], scale: 0.2, brightness: 0.2 }, 64, 64));
    const plain = Array.from({ length: 40 }, (_, s) => drawAugment(createRng(s), { hueDelta: 0.2, hflip: true, shift: [0.3, 0.3], scale: 0.2, brightness: 0.2 }, 64, 64));
    expect(upsideDown.map((d, s) => ({ ...d, vflip: plain[s]?.vflip }))).toEqual(plain);
    expect(plain.every((d) => d.vflip === false)).toBe(true);
    const flipped = upsideDown.filter((d) => d.vflip).length;
    expect(flipped).toBeGreaterThan(10);
    expect(flipped).toBeLessThan(30);
  });

  it('applyAugment moves image and mask together', () => {
    const img = new Uint8Array(W * H * 3);
    const mask = new Uint8Array(W * H);
    mask[1 * W + 2] = 1;
    img.fill(200, (1 * W + 2) * 3, (1 * W + 2) * 3 + 3);
    applyAugment(img, mask, W, H, { hueDelta: 0, flip: true, dx: 1, dy: 2, scale: 1, brightness: 1 });
    const at = 3 * W + (W - 1 - 2 + 1);
    expect(mask[at]).toBe(1);
    expect(Array.from(img.subarray(at * 3, at * 3 + 3))).toEqual([200, 200, 200]);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('scale', () => {
  it('is the identity at factor 1 and enlarges a centred square by the factor in image and mask alike', () => {
    const n = 20;
    const img = new Uint8Array(n * n * 3);
    const mask = new Uint8Array(n * n);
    for (let y = 6; y < 14; y++) for (let x = 6; x < 14; x++) {
      mask[y * n + x] = 1;
      img.fill(240, (y * n + x) * 3, (y * n + x) * 3 + 3);
    }
    const [i0, m0] = [img.slice(), mask.slice()];
    scale(img, n, n, 3, 1, 'bilinear');
    expect(img).toEqual(i0);
    scale(img, n, n, 3, 1.5, 'bilinear');
    scale(mask, n, n, 1, 1.5, 'nearest');
    // The 8x8 square becomes 12x12, still centred; the mask stays 0/1.
    expect(mask.reduce((a, b) => a + b, 0)).toBe(144);
    expect(mask.every((v) => v === 0 || v === 1)).toBe(true);
    for (let p = 0; p < n * n; p++) if (mask[p] === 1) expect(img[p * 3]).toBeGreaterThan(120);
    expect([mask[3 * n + 10], mask[4 * n + 4], mask[15 * n + 15], mask[16 * n + 10]]).toEqual([0, 1, 1, 0]);
    const shrunk = m0.slice();
    scale(shrunk, n, n, 1, 0.5, 'nearest');
    expect(shrunk.reduce((a, b) => a + b, 0)).toBe(16);
  });

  it('fills what comes from outside the source with 0 when shrinking', () => {
    const n = 10;
    const img = new Uint8Array(n * n * 3).fill(200);
    scale(img, n, n, 3, 0.5, 'bilinear');
    expect(Array.from(img.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(img.subarray((5 * n + 5) * 3, (5 * n + 5) * 3 + 3))).toEqual([200, 200, 200]);
  });
});

describe('brightness', () => {
  it('multiplies every channel by the factor, clamped to 255; 1 is the identity', () => {
    const px = Uint8Array.from([10, 100, 200, 0, 128, 255]);
    brightness(px, 2, 1);
    expect(Array.from(px)).toEqual([10, 100, 200, 0, 128, 255]);
    brightness(px, 2, 1.5);
    expect(Array.from(px)).toEqual([15, 150, 255, 0, 192, 255]);
    brightness(px, 2, 0.5);
    expect(Array.from(px)).toEqual([8, 75, 128, 0, 96, 128]);
  });
});
