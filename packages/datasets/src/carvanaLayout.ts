import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DatasetProblem } from './errors.js';
import { parseMasksCsv } from './masksCsv.js';
import { exists, listFiles } from './listFiles.js';
import { existingFolder, IMAGE_FOLDERS, MASK_FOLDERS } from './folderLayout.js';
import { describeOtherFiles } from './otherFiles.js';
import type { Sample } from './sample.js';

/** Where a csv row came from, kept so validation can name the line of a bad RLE. */
export interface RleSource {
  file: string;
  line: number;
}

/** Samples of a layout, the problems met while listing them, and each csv RLE's line. */
export interface LayoutScan {
  samples: Sample[];
  problems: DatasetProblem[];
  rleSources: Map<string, RleSource>;
}

/** The car id of a Carvana image id: everything before the final `_<NN>` view number. */
export function carvanaGroup(id: string): string {
  const match = /^(.+)_\d+$/.exec(id);
  return match?.[1] ?? id;
}

// Kaggle's set is JPEG photos and GIF masks; a set made to look like it often has PNG masks
// (the lossless format everyone writes) or PNG photos. Each is read the same way, and the
// Kaggle extension wins when an id has two files. TIFF is read too, as in the folder layout.
const IMAGE = /^(.+)\.(jpe?g|png|webp|tiff?)$/i;
const MASK = /^(.+)_mask\.(gif|png|jpe?g|webp|tiff?)$/i;
/** A file in train_masks/ named as its image is, with any mask extension. */
const BARE_MASK = /^(.+)\.(gif|png|jpe?g|webp|tiff?)$/i;
/** Sort key putting Kaggle's own extensions (.jpg photos, .gif masks) first. */
const kaggleFirst = (kaggle: string) => (a: string, b: string) => Number(!a.endsWith(kaggle)) - Number(!b.endsWith(kaggle));

/**
 * Scan a Carvana layout under `root`: `train/<id>.jpg` (or .jpeg, .png, .webp, .tif),
 * `train_masks/<id>_mask.gif` (or .png, .jpg, .webp, .tif; or beside the image in `train/`; or,
 * with no `train_masks/`, in `masks/` or another of MASK_FOLDERS), and an optional `train_masks.csv`.
 * Other folders (test/, *_hq) are ignored, as in the tutorial.
 */
export async function scanCarvana(root: string): Promise<LayoutScan> {
  const problems: DatasetProblem[] = [];
  const trainDir = join(root, 'train');
  // Kaggle's folder name first; a set made to look like it may call its masks folder masks/.
  const masksName = (await exists(join(root, 'train_masks'), 'dir')) ? 'train_masks' : ((await existingFolder(root, MASK_FOLDERS)) ?? 'train_masks');
  const masksDir = join(root, masksName);
  const byId = new Map<string, Sample>();
  // Canonical `<id>.jpg` first, so a stray `<id>.jpeg` or `<id>.png` is the one reported as a duplicate.
  const names = (await listFiles(trainDir, problems)).sort(kaggleFirst('.jpg'));
  // Masks kept beside their images, as in Kaggle's Ultrasound Nerve Segmentation (`train/1_1.tif`, `train/1_1_mask.tif`).
  const beside = names.filter((name) => MASK.test(name));
  for (const name of names) {
    const match = MASK.test(name) ? null : IMAGE.exec(name);
    if (!match?.[1]) continue;
    const id = match[1];
    if (byId.has(id)) {
      problems.push(new DatasetProblem('duplicate-id', join(trainDir, name), `another image in train/ also has id "${id}"; keep one of them`));
      continue;
    }
    byId.set(id, { id, group: carvanaGroup(id), imagePath: join(trainDir, name) });
  }
  if (byId.size === 0 && problems.length === 0) {
    // train/images/ + train/masks/ is the folder layout one level down.
    const inner = await existingFolder(trainDir, IMAGE_FOLDERS);
    const hint = inner === undefined ? describeOtherFiles(names) : `; train/ holds ${inner}/, the folder layout: pass --data ${trainDir}`;
    problems.push(new DatasetProblem('empty-dir', trainDir, `no images found; expected train/<car>_<NN>.jpg (or .png, .webp)${hint}`));
  }

  const masks = await listMasks(masksDir, problems);
  addMasks(trainDir, beside, masks, problems);
  for (const [id, maskPath] of masks) {
    const sample = byId.get(id);
    if (sample) sample.maskPath = maskPath;
    else problems.push(new DatasetProblem('mask-without-image', maskPath, `no image train/${id}.jpg for this mask; add the image or remove the mask`));
  }

  const rleSources = await readCsv(root, trainDir, byId, problems);
  for (const sample of byId.values()) {
    if (sample.maskPath === undefined && sample.rle === undefined) {
      problems.push(new DatasetProblem('image-without-mask', sample.imagePath, `no mask ${masksName}/${sample.id}_mask.gif (or .png, or ${sample.id}.png) and no train_masks.csv row; add one`));
    }
  }
  return { samples: [...byId.values()], problems, rleSources };
}

async function listMasks(masksDir: string, problems: DatasetProblem[]): Promise<Map<string, string>> {
  const masks = new Map<string, string>();
  const missing: DatasetProblem[] = [];
  const names = await listFiles(masksDir, missing);
  // A missing train_masks/ is fine when the csv carries the masks; images without either are reported.
  if (missing.length > 0 && !(await exists(masksDir))) return masks;
  problems.push(...missing);
  addMasks(masksDir, names, masks, problems, true);
  return masks;
}

/**
 * Add the `<id>_mask.<ext>` files among `names` (in `dir`) to `masks` by id, .gif first; a second
 * mask of an id is a duplicate. With `bare` (train_masks/, which holds nothing but masks) a file
 * named as its image is (`<id>.png`) counts too, after any `<id>_mask.<ext>`.
 */
function addMasks(dir: string, names: string[], masks: Map<string, string>, problems: DatasetProblem[], bare = false): void {
  const ordered = [...names].sort(kaggleFirst('.gif')).sort((a, b) => Number(!MASK.test(a)) - Number(!MASK.test(b)));
  for (const name of ordered) {
    const match = MASK.exec(name) ?? (bare ? BARE_MASK.exec(name) : null);
    if (!match?.[1]) continue;
    const previous = masks.get(match[1]);
    if (previous === undefined) masks.set(match[1], join(dir, name));
    else problems.push(new DatasetProblem('duplicate-id', join(dir, name), `${previous} is also the mask of "${match[1]}"; keep one of them`));
  }
}

async function readCsv(root: string, trainDir: string, byId: Map<string, Sample>, problems: DatasetProblem[]): Promise<Map<string, RleSource>> {
  const file = join(root, 'train_masks.csv');
  const sources = new Map<string, RleSource>();
  if (!(await exists(file))) return sources;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push(new DatasetProblem('unreadable-file', file, `cannot read the csv (${reason}); check its permissions`));
    return sources;
  }
  for (const row of parseMasksCsv(text, file, problems)) {
    const target = resolve(trainDir, row.img);
    const fromRoot = relative(root, target);
    if (isAbsolute(row.img) || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
      problems.push(new DatasetProblem('csv-path-escape', file, `img "${row.img}" points outside the dataset root ${root}; use a file name inside train/`, row.line));
      continue;
    }
    const id = relative(trainDir, target).replace(/\.(jpe?g|png|webp|tiff?)$/i, '');
    const sample = byId.get(id);
    if (!sample || relative(trainDir, target) !== relative(trainDir, sample.imagePath)) {
      problems.push(new DatasetProblem('csv-unknown-image', file, `img "${row.img}" is not an image in train/; remove the row or add the image`, row.line));
      continue;
    }
    if (sources.has(id)) {
      problems.push(new DatasetProblem('csv-duplicate-row', file, `img "${row.img}" already has a row at line ${sources.get(id)?.line}; keep one`, row.line));
      continue;
    }
    sample.rle = row.rle;
    sources.set(id, { file, line: row.line });
  }
  return sources;
}
