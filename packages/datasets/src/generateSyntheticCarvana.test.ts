import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decompressFrames, parseGIF } from 'gifuct-js';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTree, tempTree } from './__tests__/tempTree.js';
import { generateSyntheticCarvana } from './generateSyntheticCarvana.js';
import { loadDataset } from './loadDataset.js';
import { rleDecode } from './rle.js';

const W = 96;
const H = 64;
const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map(removeTree));
});

async function generate(seed: number, cars = 2, views = 3, scenes: 'studio' | 'randomized' = 'studio'): Promise<string> {
  const outDir = await tempTree();
  roots.push(outDir);
  const result = await generateSyntheticCarvana({ outDir, cars, views, width: W, height: H, seed, scenes });
  expect(result.images).toBe(cars * views);
  expect(result.imagesPerSecond).toBeGreaterThan(0);
  return outDir;
}

async function gifMask(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  const frames = decompressFrames(parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer), true);
  expect(frames).toHaveLength(1);
  const patch = frames[0]!.patch;
  const mask = new Uint8Array(W * H);
  for (let i = 0; i < mask.length; i++) {
    expect([0, 255]).toContain(patch[i * 4]);
    mask[i] = patch[i * 4]! / 255;
  }
  return mask;
}

describe('generateSyntheticCarvana', () => {
  it('writes the Carvana layout, and the csv decodes to exactly the GIF masks', async () => {
    const dir = await generate(1);
    const data = await loadDataset(dir);
    expect(data.layout).toBe('carvana');
    expect(data.samples).toHaveLength(6);
    expect(new Set(data.samples.map((s) => s.group)).size).toBe(2);
    const csv = (await readFile(join(dir, 'train_masks.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('img,rle_mask');
    expect(csv.slice(1).map((row) => row.split(',')[0])).toEqual(data.samples.map((s) => `${s.id}.jpg`));
    const covered: number[] = [];
    for (const sample of data.samples) {
      expect(sample.id).toMatch(/^[0-9a-f]{12}_0[1-3]$/);
      const mask = await gifMask(sample.maskPath!);
      expect(rleDecode(sample.rle!, W, H)).toEqual(mask);
      covered.push(mask.reduce((a, b) => a + b, 0) / mask.length);
      const meta = await sharp(sample.imagePath).metadata();
      expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['jpeg', W, H, 3]);
    }
    // A car covers a real part of the frame, never all of it, and not the same part in every view.
    for (const c of covered) expect(c).toBeGreaterThan(0.05);
    for (const c of covered) expect(c).toBeLessThan(0.7);
    expect(new Set(covered.map((c) => c.toFixed(3))).size).toBeGreaterThan(3);
  });

  it('draws the car where the mask says: car pixels differ from the background around them', async () => {
    const dir = await generate(3, 1, 1);
    const [sample] = (await loadDataset(dir)).samples;
    const mask = rleDecode(sample!.rle!, W, H);
    const { data } = await sharp(sample!.imagePath).raw().toBuffer({ resolveWithObject: true });
    // The car's mean colour and the background's must differ (the studio is plain, the car is not).
    const mean = (fg: number): number[] => {
      const sum = [0, 0, 0];
      let n = 0;
      for (let i = 0; i < mask.length; i++) if (mask[i] === fg) { for (let c = 0; c < 3; c++) sum[c]! += data[i * 3 + c]!; n++; }
      return sum.map((s) => s / n);
    };
    const [car, bg] = [mean(1), mean(0)];
    expect(Math.hypot(car[0]! - bg[0]!, car[1]! - bg[1]!, car[2]! - bg[2]!)).toBeGreaterThan(10);
  });

  it('is deterministic per seed and differs between seeds', async () => {
    const [a, b, c] = await Promise.all([generate(7, 1, 2), generate(7, 1, 2), generate(8, 1, 2)]);
    const csv = (dir: string): Promise<string> => readFile(join(dir, 'train_masks.csv'), 'utf8');
    expect(await csv(a)).toBe(await csv(b));
    expect(await csv(a)).not.toBe(await csv(c));
    const names = await readdir(join(a, 'train'));
    for (const name of names) {
      const [pa, pb] = await Promise.all([a, b].map((d) => sharp(join(d, 'train', name)).raw().toBuffer()));
      expect(pa!.equals(pb!)).toBe(true);
    }
  });

  it("with scenes 'randomized', writes other images than the studio's, with the csv still decoding to the GIF masks", async () => {
    const [studio, randomized] = await Promise.all([generate(4, 2, 4), generate(4, 2, 4, 'randomized')]);
    const samples = (await loadDataset(randomized)).samples;
    let differing = 0;
    for (const sample of samples) {
      expect(rleDecode(sample.rle!, W, H)).toEqual(await gifMask(sample.maskPath!));
      const [a, b] = await Promise.all([studio, randomized].map((d) => sharp(join(d, 'train', `${sample.id}.jpg`)).raw().toBuffer()));
      if (!a!.equals(b!)) differing++;
    }
    expect(differing).toBeGreaterThanOrEqual(samples.length - 2);
  });

  it('rejects bad options naming the option', async () => {
    await expect(generateSyntheticCarvana({ outDir: '/tmp/x', cars: 1, scenes: 'jungle' as 'studio' })).rejects.toThrow(/scenes/);
    await expect(generateSyntheticCarvana({ outDir: '/tmp/x', cars: 0 })).rejects.toThrow(/cars/);
    await expect(generateSyntheticCarvana({ outDir: '/tmp/x', cars: 1, views: 100 })).rejects.toThrow(/views/);
    await expect(generateSyntheticCarvana({ outDir: '/tmp/x', cars: 1, width: 8 })).rejects.toThrow(/width/);
    await expect(generateSyntheticCarvana({ outDir: '/tmp/x', cars: 1, seed: 1.5 })).rejects.toThrow(/seed/);
    await expect(generateSyntheticCarvana({ outDir: 3 as unknown as string, cars: 1 })).rejects.toThrow(TypeError);
  });
});
