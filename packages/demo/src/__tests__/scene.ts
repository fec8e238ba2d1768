/** Generated test scenes: a lit ellipse ("car") on a textured background, with its 0/1 mask. */

/** An RGB image and its mask, both row-major at width x height. */
export interface Scene {
  width: number;
  height: number;
  rgb: Uint8Array;
  mask: Uint8Array;
}

/** A small seeded PRNG (mulberry32), so every run draws the same scenes. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One scene: the ellipse is warm and bright, the background a cool gradient with noise. */
export function renderScene(width: number, height: number, seed: number): Scene {
  const random = rng(seed);
  const cx = width * (0.35 + 0.3 * random());
  const cy = height * (0.35 + 0.3 * random());
  const rx = width * (0.18 + 0.14 * random());
  const ry = height * (0.16 + 0.14 * random());
  const tint = 150 + 80 * random();
  const rgb = new Uint8Array(width * height * 3);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const inside = ((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 <= 1;
      const noise = (random() - 0.5) * 40;
      const shade = 60 + (90 * y) / height;
      const [r, g, b] = inside ? [tint + noise, 70 + noise / 2, 50 + noise / 2] : [shade * 0.5 + noise, shade * 0.8 + noise, shade + 40 + noise];
      rgb[i * 3] = Math.max(0, Math.min(255, Math.round(r)));
      rgb[i * 3 + 1] = Math.max(0, Math.min(255, Math.round(g)));
      rgb[i * 3 + 2] = Math.max(0, Math.min(255, Math.round(b)));
      mask[i] = inside ? 1 : 0;
    }
  }
  return { width, height, rgb, mask };
}
