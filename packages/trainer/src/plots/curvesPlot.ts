/** curves.png: loss, dice loss and dice coefficient per epoch, training against validation. */
import { writeFile } from 'node:fs/promises';
import type { TopLevelSpec } from 'vega-lite';
import type { EpochRecord } from '../records/history.js';
import { renderVegaLite } from './renderVegaLite.js';

const PANELS = [
  { title: 'Loss (BCE + Dice)', train: 'loss', val: 'valLoss' },
  { title: 'Dice loss', train: 'diceLoss', val: 'valDiceLoss' },
  { title: 'Dice coefficient', train: 'diceCoeff', val: 'valDiceCoeff' },
] as const;

/** The Vega-Lite spec of the curves (exported for tests and for users who render elsewhere). */
export function curvesSpec(history: readonly EpochRecord[]): TopLevelSpec {
  const panel = (p: (typeof PANELS)[number]) => ({
    title: p.title,
    width: 260,
    height: 180,
    data: {
      values: history.flatMap((r) => [
        { epoch: r.epoch, value: r[p.train], split: 'training' },
        { epoch: r.epoch, value: r[p.val], split: 'validation' },
      ]),
    },
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'value', type: 'quantitative' as const, scale: { zero: false }, title: null },
      color: { field: 'split', type: 'nominal' as const, title: null },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    background: 'white',
    config: { font: 'DejaVu Sans' },
    hconcat: PANELS.map(panel),
  } as TopLevelSpec;
}

/** Write curves.png for `history` to `path`. */
export async function writeCurvesPlot(path: string, history: readonly EpochRecord[]): Promise<void> {
  await writeFile(path, await renderVegaLite(curvesSpec(history)));
}
