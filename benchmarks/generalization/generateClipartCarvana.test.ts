import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCarvanaLayout } from './__tests__/expectCarvanaLayout.js';
import { CLIPART_CARS, findClipartSources } from './clipartSources.js';
import { generateClipartCarvana } from './generateClipartCarvana.js';

const dir = mkdtempSync(join(tmpdir(), 'clipart-carvana-'));
const clipart = join(dir, 'clipart'), backgrounds = join(dir, 'backgrounds');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A drawing as clip art comes: a transparent page, the car small in it; here a triangle whose tall side is on the left. */
function triangleOnPage(fill: string): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="90"><polygon points="30,20 30,70 100,70" fill="${fill}"/></svg>`);
}

beforeAll(async () => {
  for (const [k, rel] of CLIPART_CARS.slice(0, 2).entries()) {
    mkdirSync(dirname(join(clipart, rel)), { recursive: true });
    await sharp(triangleOnPage(k === 0 ? '#c03020' : '#2040c0')).png().toFile(join(clipart, rel));
  }
  mkdirSync(join(backgrounds, 'nature'), { recursive: true });
  const noise = Buffer.from(Array.from({ length: 64 * 48 * 3 }, (_, i) => (i * 37) % 256));
  await sharp(noise, { raw: { width: 64, height: 48, channels: 3 } }).jpeg().toFile(join(backgrounds, 'nature', 'grass.jpg'));
  await sharp({ create: { width: 80, height: 50, channels: 3, background: '#88aa66' } }).png().toFile(join(backgrounds, 'plain.png'));
});

/** The share of a mask's car pixels in the left half of the car's own box (1 - that in the right half). */
async function leftShare(maskPath: string): Promise<number> {
  const { data, info } = await sharp(maskPath).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const xs: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i]! > 127) xs.push(i % info.width);
  const mid = (Math.min(...xs) + Math.max(...xs)) / 2;
  return xs.filter((x) => x < mid).length / xs.length;
}

describe('findClipartSources', () => {
  it('finds the pool\'s drawings present and every picture under the backgrounds folder', () => {
    const found = findClipartSources(clipart, backgrounds);
    expect(found.cars).toEqual(CLIPART_CARS.slice(0, 2).map((rel) => join(clipart, rel)));
    expect(found.backgrounds).toEqual([join(backgrounds, 'nature', 'grass.jpg'), join(backgrounds, 'plain.png')]);
  });

  it('names the folder and the Debian package to install when one is missing', () => {
    expect(() => findClipartSources(join(dir, 'nope'), backgrounds)).toThrow(/nope holds none of the clip-art cars.*apt-get install openclipart-png/);
    expect(() => findClipartSources(clipart, join(dir, 'nope'))).toThrow(/nope holds no JPEG or PNG pictures.*apt-get install mate-backgrounds/);
  });
});

describe('generateClipartCarvana', () => {
  it('writes Carvana layout with the drawing\'s alpha as the mask, its other side mirrored, the same set for the same seed', async () => {
    const opts = { cars: 2, views: 4, width: 192, height: 128, seed: 3, clipartDir: clipart, backgroundsDir: backgrounds };
    expect((await generateClipartCarvana({ ...opts, outDir: join(dir, 'a') })).images).toBe(8);
    for (const share of await expectCarvanaLayout(join(dir, 'a'), 8, 192, 128)) {
      // A right triangle fills half its box; the box is 40-70% of the frame's width.
      expect(share).toBeGreaterThan(0.02);
      expect(share).toBeLessThan(0.3);
    }
    const rows = readFileSync(join(dir, 'a', 'train_masks.csv'), 'utf8').trim().split('\n').slice(1);
    const stem = rows[0]!.slice(0, 12);
    // Views 1-2 show the drawing as drawn (tall side left), 3-4 mirrored.
    expect(await leftShare(join(dir, 'a', 'train_masks', `${stem}_01_mask.gif`))).toBeGreaterThan(0.65);
    expect(await leftShare(join(dir, 'a', 'train_masks', `${stem}_04_mask.gif`))).toBeLessThan(0.35);
    await generateClipartCarvana({ ...opts, outDir: join(dir, 'b') });
    expect(readFileSync(join(dir, 'b', 'train_masks.csv'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'train_masks.csv'), 'utf8'));
  });

  it('names a drawing it cannot decode', async () => {
    const broken = join(dir, 'broken.png');
    writeFileSync(broken, 'not a png');
    await expect(generateClipartCarvana({ outDir: join(dir, 'd'), cars: 1, views: 1, width: 96, height: 64, sources: { cars: [broken], backgrounds: findClipartSources(clipart, backgrounds).backgrounds } }))
      .rejects.toThrow(`${broken} could not be decoded`);
  });

  it('refuses more cars than the pool has drawings, saying how many it has', async () => {
    await expect(generateClipartCarvana({ outDir: join(dir, 'c'), cars: 3, clipartDir: clipart, backgroundsDir: backgrounds }))
      .rejects.toThrow('the clip-art pool has 2 drawings but 3 were asked for; pass --cars 2 or fewer');
  });
});
