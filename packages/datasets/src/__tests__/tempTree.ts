import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Create a temporary directory holding `files` (relative path -> contents); returns its path. */
export async function tempTree(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'maskflow-datasets-'));
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), contents);
  }
  return root;
}

/** Remove a directory made by `tempTree`. */
export async function removeTree(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}
