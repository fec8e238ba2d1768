import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../records/history.js';
import { curvesSpec } from './curvesPlot.js';
import { renderImageGrid } from './imageGrid.js';
import { renderVegaLite } from './renderVegaLite.js';

const history: EpochRecord[] = [1, 2, 3].map((epoch) => ({
  epoch, loss: 1 / epoch, diceLoss: 0.5 / epoch, diceCoeff: 1 - 0.5 / epoch, meanIoU: 0.5, valLoss: 1.2 / epoch,
  valDiceLoss: 0.6 / epoch, valDiceCoeff: 1 - 0.6 / epoch, valMeanIoU: 0.4, lr: 1e-3, imagesPerSecond: 10,
  inputWaitShare: 0, steps: 4, seconds: 1,
}));

describe('curves plot', () => {
  it('has a train and a val line per panel', () => {
    const spec = curvesSpec(history) as unknown as { hconcat: { data: { values: { split: string }[] } }[] };
    expect(spec.hconcat).toHaveLength(3);
    expect(spec.hconcat[0]!.data.values.filter((v) => v.split === 'validation')).toHaveLength(3);
  });
  it('renders to a PNG with coloured lines on white', async () => {
    const png = await renderVegaLite(curvesSpec(history));
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBeGreaterThan(600);
    let coloured = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    expect(coloured).toBeGreaterThan(200);
  });
});

describe('renderImageGrid', () => {
  it('places tiles in rows and columns, masks in black and white', async () => {
    const red = { data: new Uint8Array(4 * 4 * 3).map((_, i) => (i % 3 === 0 ? 255 : 0)), width: 4, height: 4, channels: 3 as const };
    const mask = { data: new Uint8Array(16).fill(1), width: 4, height: 4, channels: 1 as const, mask: true };
    const png = await renderImageGrid([[red, mask]], { cellWidth: 20 });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([6 + 2 * 26, 6 + 26]);
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(px(16, 16)).toEqual([255, 0, 0]);
    expect(px(16 + 26, 16)).toEqual([255, 255, 255]);
    expect(px(2, 2)).toEqual([255, 255, 255]);
  });
  it('refuses an empty grid', async () => {
    await expect(renderImageGrid([])).rejects.toThrow(/at least one tile/);
  });
});
