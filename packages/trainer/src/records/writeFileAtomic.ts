/** Write a file so that readers see the old content or the new, never a torn one. */
import { rename, writeFile } from 'node:fs/promises';

/** Write to `<path>.tmp-<pid>` then rename over `path` (rename is atomic within a file system). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
