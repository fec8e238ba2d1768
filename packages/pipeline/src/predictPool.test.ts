import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rleEncode } from '@maskflow/datasets';
import { maskFromProbabilities } from '@maskflow/preprocess';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decodeImage.js';
import { createPredictPool, type PredictPool } from './predictPool.js';

describe('createPredictPool', () => {
  let dir: string;
  let pool: PredictPool;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'maskflow-predict-pool-'));
    const pixels = Buffer.alloc(40 * 24 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 251;
    await sharp(pixels, { raw: { width: 40, height: 24, channels: 3 } }).png().toFile(join(dir, 'a.png'));
    writeFileSync(join(dir, 'bad.jpg'), Buffer.from([0xff, 0xd8, 0xff, 1, 2]));
    pool = createPredictPool({ threads: 1, size: [16, 16], slots: 2 });
  });
  afterAll(() => pool.destroy());

  it('decodes into a slot at the model size, as decodeImage resizes, and reports the source size', async () => {
    const result = await pool.decode(1, join(dir, 'a.png'));
    expect(result).toMatchObject({ ok: true, sourceWidth: 40, sourceHeight: 24 });
    const expected = await decodeImage(await sharp(join(dir, 'a.png')).toBuffer(), { size: [16, 16] });
    expect(Buffer.from(pool.pixels(1)).equals(Buffer.from(expected.data))).toBe(true);
  });

  it('reports an undecodable or missing file instead of throwing', async () => {
    expect(await pool.decode(0, join(dir, 'bad.jpg'))).toMatchObject({ ok: false, file: join(dir, 'bad.jpg') });
    expect(await pool.decode(0, join(dir, 'none.jpg'))).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot be read/) });
  });

  it('finishes a slot into the RLE of the upsampled, thresholded probabilities and a 0/255 PNG', async () => {
    const p = pool.probabilities(0);
    for (let i = 0; i < p.length; i++) p[i] = (i % 16) / 15;
    const png = join(dir, 'a_mask.png');
    const done = await pool.finish(0, [24, 40], 0.5, png);
    const mask = maskFromProbabilities(Float32Array.from(p), [16, 16], [24, 40]);
    expect(done.rle).toBe(rleEncode(mask, 40, 24));
    const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(Buffer.from(data).equals(Buffer.from(mask.map((v) => v * 255)))).toBe(true);
  });
});
