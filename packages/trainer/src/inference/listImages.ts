/** Expand --input arguments (files and directories) into image files. */
import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { TrainerFileError } from '../errors.js';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);

/** Every image among `inputs` (a directory contributes its image files, sorted), absolute paths. */
export async function listImages(inputs: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      throw new TrainerFileError(path, 'does not exist', 'pass an image file or a directory of images to --input', { cause: error });
    }
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase())).sort();
      if (names.length === 0) throw new TrainerFileError(path, 'holds no .jpg, .jpeg, .png or .webp images', 'pass a directory of images');
      files.push(...names.map((n) => join(path, n)));
    } else files.push(path);
  }
  return files;
}
