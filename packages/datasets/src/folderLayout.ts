import { extname, join } from 'node:path';
import type { LayoutScan } from './carvanaLayout.js';
import { DatasetProblem } from './errors.js';
import { listFiles } from './listFiles.js';
import type { Sample } from './sample.js';

/** Image extensions recognised in a folder layout (lower case, with the dot). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.gif', '.webp'];

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
 * Scan a folder layout under `root`: `images/` and `masks/` matched by file stem (a mask may
 * also be named `<stem>_mask.<ext>`); every sample is its own group.
 */
export async function scanFolders(root: string): Promise<LayoutScan> {
  const problems: DatasetProblem[] = [];
  const imagesDir = join(root, 'images');
  const masksDir = join(root, 'masks');
  const images = stems(imagesDir, await listFiles(imagesDir, problems), problems);
  const masks = stems(masksDir, await listFiles(masksDir, problems), problems);
  if (images.size === 0 && problems.length === 0) {
    problems.push(new DatasetProblem('empty-dir', imagesDir, `no images found; expected ${IMAGE_EXTENSIONS.join(', ')} files`));
  }
  const samples: Sample[] = [];
  const used = new Set<string>();
  for (const [id, imagePath] of images) {
    const maskStem = masks.has(id) ? id : masks.has(`${id}_mask`) ? `${id}_mask` : undefined;
    if (maskStem === undefined) {
      problems.push(new DatasetProblem('image-without-mask', imagePath, `no mask masks/${id}.<ext> for this image; add one`));
      samples.push({ id, group: id, imagePath });
      continue;
    }
    used.add(maskStem);
    samples.push({ id, group: id, imagePath, maskPath: masks.get(maskStem) as string });
  }
  for (const [stem, maskPath] of masks) {
    if (!used.has(stem)) {
      problems.push(new DatasetProblem('mask-without-image', maskPath, `no image images/${stem.replace(/_mask$/, '')}.<ext> for this mask; add the image or remove the mask`));
    }
  }
  return { samples, problems, rleSources: new Map() };
}
