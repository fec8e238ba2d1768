import { OptionTypeError } from '@maskflow/errors';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { scanCarvana, type LayoutScan } from './carvanaLayout.js';
import { DatasetProblem } from './errors.js';
import { existingFolder, IMAGE_FOLDERS, MASK_FOLDERS, scanFolders } from './folderLayout.js';
import { compareNames, exists, listFiles } from './listFiles.js';
import type { DatasetLayout } from './sample.js';

/** A scanned dataset: layout (undefined when none was recognised), absolute root, samples, problems. */
export interface DatasetScan extends LayoutScan {
  layout: DatasetLayout | undefined;
  root: string;
}

/** The parent of `dir` when `dir` is one of a layout's own folders (train/, train_masks/, images/, masks/, ...): the common slip of passing one level too deep. */
async function layoutAbove(dir: string): Promise<string | undefined> {
  if (!['train', 'train_masks', ...IMAGE_FOLDERS, ...MASK_FOLDERS].includes(basename(dir).toLowerCase())) return undefined;
  const parent = dirname(dir);
  return (await exists(join(parent, 'train'), 'dir')) || (await existingFolder(parent, IMAGE_FOLDERS)) !== undefined ? parent : undefined;
}

/**
 * Detect the layout of `dir` and list its samples, sorted by id, with every structural
 * problem found on the way (RLE contents and image files are checked by `validateDataset`).
 */
export async function scanDataset(dir: string): Promise<DatasetScan> {
  if (typeof dir !== 'string' || dir === '') throw new OptionTypeError('dir', 'a non-empty directory path string', dir);
  const root = resolve(dir);
  if (!(await exists(root, 'dir'))) {
    const what = (await exists(root)) ? 'is not a directory' : 'directory does not exist';
    const problem = new DatasetProblem('unreadable-dir', root, `${what}; pass the folder holding train/ (Carvana) or images/ and masks/`);
    return { layout: undefined, root, samples: [], problems: [problem], rleSources: new Map() };
  }
  let layout: DatasetLayout | undefined;
  if (await exists(join(root, 'train'), 'dir')) layout = 'carvana';
  else if ((await existingFolder(root, IMAGE_FOLDERS)) !== undefined) layout = 'folders';
  if (layout === undefined) {
    const problems: DatasetProblem[] = [];
    const files = await listFiles(root, problems);
    if (problems.length === 0) {
      // Folders count too: a directory of unknown folders is not empty, and naming them helps.
      const folders = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => `${e.name}/`).sort(compareNames);
      const kind = files.length === 0 && folders.length === 0 ? 'empty-dir' : 'unknown-layout';
      const parent = await layoutAbove(root);
      const found = folders.length === 0 ? '' : ` (it holds ${folders.slice(0, 6).join(', ')}${folders.length > 6 ? ', ...' : ''})`;
      const what = parent !== undefined ? `it looks like the ${basename(root)}/ folder of a data set: pass the folder above it, ${parent}` : `expected train/ + train_masks/ (Carvana) or images/ + masks/${found}`;
      problems.push(new DatasetProblem(kind, root, `${kind === 'empty-dir' ? 'directory is empty' : 'no known layout'}; ${what}`));
    }
    return { layout, root, samples: [], problems, rleSources: new Map() };
  }
  const scan = layout === 'carvana' ? await scanCarvana(root) : await scanFolders(root);
  scan.samples.sort((a, b) => compareNames(a.id, b.id));
  return { ...scan, layout, root };
}
