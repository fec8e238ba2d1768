import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng, rleEncode } from '@maskflow/datasets';
import type { Sample } from '@maskflow/datasets';

/** A temporary directory of generated samples; call cleanup() when done. */
export interface Fixture {
  dir: string;
  samples: Sample[];
  cleanup(): Promise<void>;
}

/** A 0/1 mask of an ellipse whose centre and radii come from `rng`. */
export function ellipseMask(width: number, height: number, rng: () => number): Uint8Array {
  const cx = width * (0.3 + 0.4 * rng());
  const cy = height * (0.3 + 0.4 * rng());
  const rx = width * (0.15 + 0.2 * rng());
  const ry = height * (0.15 + 0.2 * rng());
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      if (dx * dx + dy * dy < 1) mask[y * width + x] = 1;
    }
  }
  return mask;
}

/** RGB pixels: a colour gradient with the mask's object drawn brighter. */
export function sceneImage(width: number, height: number, mask: Uint8Array, rng: () => number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  const tint = Math.floor(rng() * 120);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    rgb[i * 3] = mask[i] ? 200 : (x * 200) / width;
    rgb[i * 3 + 1] = mask[i] ? 60 + tint : (y * 200) / height;
    rgb[i * 3 + 2] = mask[i] ? 30 : tint;
  }
  return rgb;
}

/** Encode a 0/1 mask as a black/white GIF, the way Carvana ships masks. */
export function maskGif(mask: Uint8Array, width: number, height: number): Promise<Buffer> {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < mask.length; i++) rgb.fill(mask[i] ? 255 : 0, i * 3, i * 3 + 3);
  return sharp(rgb, { raw: { width, height, channels: 3 } }).gif().toBuffer();
}

/**
 * Write `count` Carvana-style samples (JPEG image, GIF mask, csv RLE) of `width` x `height`
 * into a new temporary directory.
 */
export async function makeFixture(count: number, width = 96, height = 64, seed = 1): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'maskflow-pipeline-'));
  const rng = createRng(seed);
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const id = `car${String(i).padStart(3, '0')}_01`;
    const mask = ellipseMask(width, height, rng);
    const imagePath = join(dir, `${id}.jpg`);
    const maskPath = join(dir, `${id}_mask.gif`);
    await sharp(sceneImage(width, height, mask, rng), { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toFile(imagePath);
    await writeFile(maskPath, await maskGif(mask, width, height));
    samples.push({ id, group: id.slice(0, 6), imagePath, maskPath, rle: rleEncode(mask, width, height) });
  }
  return { dir, samples, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
