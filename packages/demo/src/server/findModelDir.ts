/** Find the model directory `pnpm demo --model` was given: a checkpoint, or a run's best/. */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const isFile = async (path: string): Promise<boolean> => (await stat(path).catch(() => undefined))?.isFile() ?? false;

/** The directory holding model.json: `path` itself, or `path`/best for a run directory. */
export async function findModelDir(path: string, cwd: string): Promise<string> {
  const dir = resolve(cwd, path);
  for (const candidate of [dir, join(dir, 'best')]) {
    if (await isFile(join(candidate, 'model.json'))) return candidate;
  }
  throw new RangeError(
    `Expected a model directory with model.json (or a run directory with best/model.json) for --model but received "${path}" (${dir} has neither). Train one with \`pnpm train\`, then pass runs/<run>/best.`,
  );
}
