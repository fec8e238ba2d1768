import { DatasetError, type DatasetProblemKind } from './errors.js';
import type { Dataset } from './sample.js';
import { scanDataset } from './scanDataset.js';

const FATAL: DatasetProblemKind[] = ['unreadable-dir', 'empty-dir', 'unknown-layout'];

/**
 * Load a dataset directory (Carvana layout or images/ + masks/ folders) into samples sorted by
 * id. Throws `DatasetError` only when the directory cannot be used at all; per-file problems
 * (an image without a mask, a bad csv row) are left to `validateDataset`, which lists them all.
 */
export async function loadDataset(dir: string): Promise<Dataset> {
  const scan = await scanDataset(dir);
  const fatal = scan.problems.filter((p) => FATAL.includes(p.kind));
  if (scan.layout === undefined || fatal.length > 0) throw new DatasetError(fatal.length > 0 ? fatal : scan.problems);
  return { layout: scan.layout, root: scan.root, samples: scan.samples };
}
