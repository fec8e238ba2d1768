import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { LayoutScan } from './carvanaLayout.js';
import { DatasetProblem } from './errors.js';
import { exists, listTree } from './listFiles.js';
import { describeOtherFiles } from './otherFiles.js';
import type { Sample } from './sample.js';

/** Image extensions Maskflow reads, photos and masks alike (lower case, with the dot): what sharp decodes for it. */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff'];

/**
 * What a mask's name may add to its image's: `_mask` (Carvana, Pytorch-UNet), `_segmentation`
 * (ISIC), `_seg`, `_gt` (ground truth) or `_label`, in any case, also with `-`. `images/ISIC_001.jpg`
 * pairs with `masks/ISIC_001_segmentation.png`; a mask of the image's own stem wins.
 */
export const MASK_SUFFIX = /[_-](mask|segmentation|seg|gt|label)$/i;

/** Paths relative to `dir` (`/` between folders) by their stem, the path without its extension. */
function stems(dir: string, names: string[], problems: DatasetProblem[]): Map<string, string> {
  const byStem = new Map<string, string>();
  for (const name of names) {
    const ext = extname(name);
    if (!IMAGE_EXTENSIONS.includes(ext.toLowerCase())) continue;
    const stem = name.slice(0, -ext.length);
    const previous = byStem.get(stem);
    if (previous !== undefined) {
      problems.push(new DatasetProblem('duplicate-id', join(dir, name), `${previous} has the same stem "${stem}"; keep one of them`));
      continue;
    }
    byStem.set(stem, join(dir, name));
  }
  return byStem;
}

/**
 * The group of a folder-layout id: its first folder (`clip7/0001` → `clip7`), so that every
 * image of one object, scene or patient stays on one side of a split by group; an image directly
 * in images/ is its own group.
 */
export function folderGroup(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}

/** Names of the folder holding a folder layout's images, looked for in this order (`imgs/` is Pytorch-UNet's). */
export const IMAGE_FOLDERS = ['images', 'imgs', 'image', 'img'];
/** Names of the folder holding its masks, looked for in this order. */
export const MASK_FOLDERS = ['masks', 'mask', 'labels', 'annotations', 'gt'];

/**
 * The first of `names` that is a folder in `root`, as it is spelt there, or undefined. Exact
 * names first, then in any case (`Images/` and `Masks/`, as Windows users often name them).
 */
export async function existingFolder(root: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) if (await exists(join(root, name), 'dir')) return name;
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return undefined;
  }
  for (const name of names) {
    for (const entry of entries) if (entry.toLowerCase() === name && (await exists(join(root, entry), 'dir'))) return entry;
  }
  return undefined;
}

/** The one folder every stem lies in (`trimaps` for `trimaps/a`, `trimaps/b`), or undefined. */
function onlyFolder(stems: readonly string[]): string | undefined {
  const first = stems[0]?.split('/')[0];
  if (first === undefined || first === stems[0]) return undefined;
  return stems.every((stem) => stem.startsWith(`${first}/`)) ? first : undefined;
}

/**
 * Scan a folder layout under `root`: `images/` and `masks/` (or another of IMAGE_FOLDERS and
 * MASK_FOLDERS, such as Pytorch-UNet's `imgs/`) matched by path and file stem (a mask
 * may also be named `<stem>_mask.<ext>` or with another MASK_SUFFIX), at any depth: `images/car7/front.jpg` pairs with
 * `masks/car7/front.png`, its id is `car7/front` and its group `car7` (see folderGroup).
 */
export async function scanFolders(root: string): Promise<LayoutScan> {
  const problems: DatasetProblem[] = [];
  const imagesName = (await existingFolder(root, IMAGE_FOLDERS)) ?? 'images';
  const masksName = (await existingFolder(root, MASK_FOLDERS)) ?? 'masks';
  const imagesDir = join(root, imagesName);
  const imageNames = await listTree(imagesDir, problems);
  const images = stems(imagesDir, imageNames, problems);
  // Every mask one folder down, where no image is: Oxford-IIIT Pet's annotations/trimaps/ (beside
  // annotations/xmls/), the data of Keras' segmentation example. Its masks pair from there.
  let masksShown = masksName;
  let maskProblems: DatasetProblem[] = [];
  let masks = stems(join(root, masksName), await listTree(join(root, masksName), maskProblems), maskProblems);
  const sub = onlyFolder([...masks.keys()]);
  if (sub !== undefined && ![...images.keys()].some((id) => id.startsWith(`${sub}/`))) {
    // Only when the masks pair from there: masks/clip2/ against images/clip1/ is a mismatch to name.
    const belowProblems: DatasetProblem[] = [];
    const below = stems(join(root, masksName, sub), await listTree(join(root, masksName, sub), belowProblems), belowProblems);
    if ([...below.keys()].some((stem) => images.has(stem) || images.has(stem.replace(MASK_SUFFIX, '')))) {
      [masksShown, masks, maskProblems] = [`${masksName}/${sub}`, below, belowProblems];
    }
  }
  problems.push(...maskProblems);
  if (images.size === 0 && problems.length === 0) {
    problems.push(new DatasetProblem('empty-dir', imagesDir, `no images found; expected ${IMAGE_EXTENSIONS.join(', ')} files${describeOtherFiles(imageNames)}`));
  }
  // A mask named after its image plus a suffix, by the stem it belongs to (the first such file wins; see MASK_SUFFIX).
  const bySuffix = new Map<string, string>();
  for (const stem of masks.keys()) {
    const base = stem.replace(MASK_SUFFIX, '');
    if (base !== stem && base !== '' && !bySuffix.has(base)) bySuffix.set(base, stem);
  }
  const samples: Sample[] = [];
  const used = new Set<string>();
  for (const [id, imagePath] of images) {
    const maskStem = masks.has(id) ? id : bySuffix.get(id);
    if (maskStem === undefined) {
      problems.push(new DatasetProblem('image-without-mask', imagePath, `no mask ${masksShown}/${id}.<ext> for this image; add one`));
      samples.push({ id, group: folderGroup(id), imagePath });
      continue;
    }
    used.add(maskStem);
    samples.push({ id, group: folderGroup(id), imagePath, maskPath: masks.get(maskStem) as string });
  }
  const maskOf = new Map(samples.map((s) => [s.id, s.maskPath]));
  for (const [stem, maskPath] of masks) {
    if (used.has(stem)) continue;
    const base = stem.replace(MASK_SUFFIX, '');
    const other = maskOf.get(base);
    if (other !== undefined) {
      // `a.png` beside `a_mask.png`, or `a_mask.png` beside `a_gt.png`: two masks of one image.
      problems.push(new DatasetProblem('duplicate-id', maskPath, `${other} is already the mask of ${imagesName}/${base}; keep one of them`));
    } else {
      problems.push(new DatasetProblem('mask-without-image', maskPath, `no image ${imagesName}/${base}.<ext> for this mask; add the image or remove the mask`));
    }
  }
  return { samples, problems, rleSources: new Map() };
}
