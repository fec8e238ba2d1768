/** The Keras-style progress line of batch prediction: `  120/2000 [=>....] - ETA: 1:02 - 31.9 images/s`. */
import { formatEta } from '../progress/format.js';
import { renderBar } from '../progress/progressBar.js';
import type { PredictProgress } from './predictFolderOptions.js';

/** One line for `progress` (no newline); the final one shows the elapsed time instead of the ETA. */
export function renderPredictProgress(progress: PredictProgress): string {
  const width = String(progress.total).length;
  const timing = progress.done >= progress.total ? formatEta(progress.elapsedMs / 1000) : `ETA: ${formatEta(progress.etaSeconds)}`;
  const skipped = progress.skipped > 0 ? ` - skipped: ${progress.skipped}` : '';
  const resumed = progress.resumed > 0 ? ` - resumed after ${progress.resumed}` : '';
  return `${String(progress.done).padStart(width)}/${progress.total} ${renderBar(progress.done, progress.total)} - ${timing} - ${progress.imagesPerSecond.toFixed(1)} images/s${skipped}${resumed}`;
}
