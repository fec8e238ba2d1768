/** Number and duration formatting in the style of Keras' progress bar. */

/** A metric value as Keras prints it: 4 decimals, exponent form for tiny values. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) > 0 && Math.abs(value) < 1e-3 ? value.toExponential(4) : value.toFixed(4);
}

/** Seconds as Keras' ETA: `1:02:03`, `2:03` or `45s`. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s >= 3600) return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  if (s >= 60) return `${Math.floor(s / 60)}:${pad(s % 60)}`;
  return `${s}s`;
}

/** Time per step: `2s/step`, `350ms/step` or `800us/step`. */
export function formatPerStep(ms: number): string {
  if (ms >= 1000) return `${Math.round(ms / 1000)}s/step`;
  if (ms >= 1) return `${Math.round(ms)}ms/step`;
  return `${Math.round(ms * 1000)}us/step`;
}

/** A percentage with one decimal. */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Keras-style names of the metrics, in display order. */
export const METRIC_LABELS = [
  ['loss', 'loss'],
  ['diceLoss', 'dice_loss'],
  ['diceCoeff', 'dice_coeff'],
  ['meanIoU', 'mean_iou'],
  ['imageDice', 'image_dice'],
] as const;

/** ` - loss: 0.1234 - dice_loss: ...` for the given values, `prefix` e.g. `val_`. */
export function formatMetrics(values: Record<string, number>, prefix = ''): string {
  return METRIC_LABELS.map(([key, label]) => {
    const v = values[key];
    return v === undefined ? '' : ` - ${prefix}${label}: ${formatValue(v)}`;
  }).join('');
}
