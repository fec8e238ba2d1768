/** Expand --input arguments (files and directories) into image files, with the names outputs are keyed by. */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, join, posix, relative, resolve, sep } from 'node:path';
import { IMAGE_EXTENSIONS, listTree, type DatasetProblem } from '@maskflow/datasets';
import { TrainerFileError } from '../errors.js';

/** An input image: its absolute path, and its name (the csv `img`, and where its outputs go). */
export interface InputImage {
  path: string;
  /** The path below the --input directory it was found in (`clip7/0001.jpg`, `/` between folders), or a file's own name. */
  name: string;
}

/** Options of {@link listImages}. */
export interface ListImagesOptions {
  /** A directory never listed: the output folder, so a second run inside the input does not predict its own masks. */
  skip?: string;
}

/** Image files below `dir` as paths relative to it, in name order; the data set scan's listing (dot-files and linked folders left out), less `skip`. */
async function imagesBelow(dir: string, skip: string | undefined): Promise<string[]> {
  const problems: DatasetProblem[] = [];
  const names = await listTree(dir, problems);
  const [unlistable] = problems;
  if (unlistable !== undefined) throw new TrainerFileError(unlistable.file, 'cannot be listed', 'check its permissions', { cause: unlistable });
  const skipped = skip === undefined ? undefined : `${relative(dir, skip).split(sep).join(posix.sep)}/`;
  return names.filter((name) => IMAGE_EXTENSIONS.includes(extname(name).toLowerCase()) && (skipped === undefined || !name.startsWith(skipped)));
}

/**
 * Every image among `inputs`: a file as given, a directory's images at any depth (the way the
 * folder layout reads `images/clip7/0001.jpg`), each named by its path below that directory so
 * `clip1/0001.jpg` and `clip2/0001.jpg` stay apart. Absolute paths, in input then name order.
 */
export async function listImages(inputs: readonly string[], cwd: string, options: ListImagesOptions = {}): Promise<InputImage[]> {
  const skip = options.skip === undefined ? undefined : resolve(cwd, options.skip);
  const files: InputImage[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      throw new TrainerFileError(path, 'does not exist', 'pass an image file or a directory of images to --input', { cause: error });
    }
    if (!info.isDirectory()) {
      files.push({ path, name: basename(path) });
      continue;
    }
    const found = await imagesBelow(path, skip);
    if (found.length === 0) throw new TrainerFileError(path, `holds no ${IMAGE_EXTENSIONS.join(', ')} images, in it or its subfolders`, 'pass a directory of images');
    files.push(...found.map((name) => ({ path: join(path, ...name.split(posix.sep)), name })));
  }
  return files;
}

/** Where an output of `name` goes below the output folder: `clip7/0001.jpg` → `clip7/0001<suffix>`. */
export function outputName(name: string, suffix: string): string {
  return `${name.slice(0, name.length - extname(name).length)}${suffix}`;
}
