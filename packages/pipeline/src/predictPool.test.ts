import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rleEncode } from '@maskflow/datasets';
import { maskFromProbabilities } from '@maskflow/preprocess';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decodeImage.js';
import { createPredictPool, type PredictDecoded, type PredictPool } from './predictPool.js';

describe('createPredictPool', () => {
  let dir: string;
  let pool: PredictPool;
  let bilinear: PredictPool;
  let exact: PredictPool;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'maskflow-predict-pool-'));
    const pixels = Buffer.alloc(40 * 24 * 3);
    // A vertical edge at column 23 (with some texture): where the guide should put the outline.
    for (let i = 0; i < pixels.length; i++) pixels[i] = (Math.floor(i / 3) % 40 < 23 ? 40 : 210) + ((i * 7) % 13);
    await sharp(pixels, { raw: { width: 40, height: 24, channels: 3 } }).png().toFile(join(dir, 'a.png'));
    writeFileSync(join(dir, 'bad.jpg'), Buffer.from([0xff, 0xd8, 0xff, 1, 2]));
    pool = createPredictPool({ threads: 1, size: [16, 16], slots: 2 });
    bilinear = createPredictPool({ threads: 1, size: [16, 16], slots: 1, upsample: 'bilinear' });
    exact = createPredictPool({ threads: 1, size: [16, 16], slots: 1, resize: 'exact' });
  });
  afterAll(() => Promise.all([pool.destroy(), bilinear.destroy(), exact.destroy()]));

  it('decodes into a slot at the model size, as decodeImage resizes, and reports the source size', async () => {
    const result = await pool.decode(1, join(dir, 'a.png'));
    // The guide: GUIDE_SCALE (4) times the model's 16x16, capped at the image's own 40x24.
    expect(result).toMatchObject({ ok: true, sourceWidth: 40, sourceHeight: 24, guideWidth: 40, guideHeight: 24 });
    const expected = await decodeImage(await sharp(join(dir, 'a.png')).toBuffer(), { size: [16, 16] });
    expect(Buffer.from(pool.pixels(1)).equals(Buffer.from(expected.data))).toBe(true);
  });

  it('reports an undecodable or missing file instead of throwing', async () => {
    expect(await pool.decode(0, join(dir, 'bad.jpg'))).toMatchObject({ ok: false, file: join(dir, 'bad.jpg') });
    expect(await pool.decode(0, join(dir, 'none.jpg'))).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot be read/) });
  });

  /** Decode a.png into slot 0 of `into` and fill its probabilities with a left-to-right ramp. */
  async function decodeWithRamp(into: PredictPool): Promise<{ decoded: PredictDecoded; p: Float32Array }> {
    const decoded = await into.decode(0, join(dir, 'a.png'));
    if (!decoded.ok) throw new Error(decoded.reason);
    const p = into.probabilities(0);
    for (let i = 0; i < p.length; i++) p[i] = (i % 16) / 15;
    return { decoded, p: Float32Array.from(p) };
  }

  it("upsample 'bilinear' finishes a slot into the RLE of the upsampled, thresholded probabilities and a 0/255 PNG", async () => {
    const { decoded, p } = await decodeWithRamp(bilinear);
    const png = join(dir, 'a_mask.png');
    const done = await bilinear.finish(0, decoded, 0.5, png);
    const mask = maskFromProbabilities(p, [16, 16], [24, 40]);
    expect(done.rle).toBe(rleEncode(mask, 40, 24));
    const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(Buffer.from(data).equals(Buffer.from(mask.map((v) => v * 255)))).toBe(true);
  });

  it("guided upsampling with 'exact' resizing gives maskFromProbabilities' guided mask, bit for bit", async () => {
    const { decoded, p } = await decodeWithRamp(exact);
    const done = await exact.finish(0, decoded, 0.5);
    const image = await decodeImage(await sharp(join(dir, 'a.png')).toBuffer());
    const mask = maskFromProbabilities(p, [16, 16], [24, 40], { method: 'guided', image });
    expect(done.rle).toBe(rleEncode(mask, 40, 24));
    // The guide moved the outline: not the bilinear mask.
    expect(done.rle).not.toBe(rleEncode(maskFromProbabilities(p, [16, 16], [24, 40]), 40, 24));
  });

  it('rejects an unknown upsample or resize where the pool is made', () => {
    expect(() => createPredictPool({ threads: 1, size: [16, 16], slots: 1, upsample: 'cubic' as 'guided' })).toThrow(/upsample/);
    expect(() => createPredictPool({ threads: 1, size: [16, 16], slots: 1, resize: 'fast' as 'exact' })).toThrow(/resize/);
  });
});
