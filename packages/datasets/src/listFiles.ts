import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetProblem } from './errors.js';

/**
 * Whether `path` exists as a directory (`kind` 'dir'), a file ('file') or anything (no kind).
 * A path that exists but cannot be inspected (permissions) counts as existing, so the reader
 * reports why it fails.
 */
export async function exists(path: string, kind?: 'dir' | 'file'): Promise<boolean> {
  try {
    const info = await stat(path);
    return kind === undefined || (kind === 'dir' ? info.isDirectory() : info.isFile());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

function unlistable(dir: string, error: unknown): DatasetProblem {
  const reason = error instanceof Error ? error.message : String(error);
  return new DatasetProblem('unreadable-dir', dir, `cannot list directory (${reason}); check the path and its permissions`);
}

/**
 * List the regular files of `dir` (hidden files skipped), sorted by name. An unreadable
 * directory becomes an `unreadable-dir` problem and an empty list, so scanning carries on.
 */
export async function listFiles(dir: string, problems: DatasetProblem[]): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort(compareNames);
  } catch (error) {
    problems.push(unlistable(dir, error));
    return [];
  }
}

/**
 * The regular files under `dir` at any depth (hidden files and folders skipped), as paths
 * relative to `dir` with `/` between folders, sorted by name. Unreadable folders become
 * `unreadable-dir` problems, as in listFiles.
 */
export async function listTree(dir: string, problems: DatasetProblem[]): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push(unlistable(dir, error));
    return [];
  }
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    if (e.isFile() || e.isSymbolicLink()) files.push(e.name);
    else if (e.isDirectory()) for (const inner of await listTree(join(dir, e.name), problems)) files.push(`${e.name}/${inner}`);
  }
  return files.sort(compareNames);
}

/** Byte-order comparison: deterministic across locales, unlike localeCompare. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
