/** The Keras progress bar line: ` 12/34 [=========>....................] - ETA: 5s - loss: ...`. */
import { formatEta, formatMetrics, formatPerStep } from './format.js';

const BAR_WIDTH = 30;

/** The bar for `step` of `steps`, e.g. `[=====>........................]`. */
export function renderBar(step: number, steps: number): string {
  const done = steps > 0 ? Math.min(BAR_WIDTH, Math.floor((BAR_WIDTH * step) / steps)) : BAR_WIDTH;
  if (done >= BAR_WIDTH) return `[${'='.repeat(BAR_WIDTH)}]`;
  const head = done > 0 ? `${'='.repeat(done - 1)}>` : '';
  return `[${head}${'.'.repeat(BAR_WIDTH - head.length)}]`;
}

/** The running line during an epoch: step count, bar, ETA and running means. */
export function renderProgressLine(step: number, steps: number, elapsedMs: number, logs: Record<string, number>): string {
  const width = String(steps).length;
  const eta = step > 0 ? ((elapsedMs / step) * (steps - step)) / 1000 : 0;
  const timing = step >= steps ? `${formatEta(elapsedMs / 1000)} ${formatPerStep(elapsedMs / Math.max(1, step))}` : `ETA: ${formatEta(eta)}`;
  return `${String(step).padStart(width)}/${steps} ${renderBar(step, steps)} - ${timing}${formatMetrics(logs)}`;
}
