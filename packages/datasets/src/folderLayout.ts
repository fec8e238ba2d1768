import { extname, join } from 'node:path';
import type { LayoutScan } from './carvanaLayout.js';
import { DatasetProblem } from './errors.js';
import { listTree } from './listFiles.js';
import type { Sample } from './sample.js';

/** Image extensions Maskflow reads, photos and masks alike (lower case, with the dot): what sharp decodes for it. */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff'];

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

/**
 * Scan a folder layout under `root`: `images/` and `masks/` matched by path and file stem (a mask
 * may also be named `<stem>_mask.<ext>`), at any depth: `images/car7/front.jpg` pairs with
 * `masks/car7/front.png`, its id is `car7/front` and its group `car7` (see folderGroup).
 */
export async function scanFolders(root: string): Promise<LayoutScan> {
  const problems: DatasetProblem[] = [];
  const imagesDir = join(root, 'images');
  const masksDir = join(root, 'masks');
  const images = stems(imagesDir, await listTree(imagesDir, problems), problems);
  const masks = stems(masksDir, await listTree(masksDir, problems), problems);
  if (images.size === 0 && problems.length === 0) {
    problems.push(new DatasetProblem('empty-dir', imagesDir, `no images found; expected ${IMAGE_EXTENSIONS.join(', ')} files`));
  }
  const samples: Sample[] = [];
  const used = new Set<string>();
  for (const [id, imagePath] of images) {
    const maskStem = masks.has(id) ? id : masks.has(`${id}_mask`) ? `${id}_mask` : undefined;
    if (maskStem === undefined) {
      problems.push(new DatasetProblem('image-without-mask', imagePath, `no mask masks/${id}.<ext> for this image; add one`));
      samples.push({ id, group: folderGroup(id), imagePath });
      continue;
    }
    used.add(maskStem);
    samples.push({ id, group: folderGroup(id), imagePath, maskPath: masks.get(maskStem) as string });
  }
  for (const [stem, maskPath] of masks) {
    if (!used.has(stem)) {
      problems.push(new DatasetProblem('mask-without-image', maskPath, `no image images/${stem.replace(/_mask$/, '')}.<ext> for this mask; add the image or remove the mask`));
    }
  }
  return { samples, problems, rleSources: new Map() };
}
