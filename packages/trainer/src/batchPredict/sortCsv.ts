/** Rewrite a submission csv sorted by image name (byte ranges only in memory; atomic rename). */
import { rename } from 'node:fs/promises';
import { openAppendOnly } from './appendOnlyFile.js';
import { CSV_HEADER, copyRows, scanCsv } from './csvRows.js';

/** Image names in a stable, locale-free order (code units), as `--sort` and merge-csv write them. */
export function compareImg(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort the complete rows of `path` by image name in place (a trailing cut row is dropped). */
export async function sortCsv(path: string): Promise<void> {
  const { rows } = await scanCsv(path);
  const tmp = `${path}.sorting-${process.pid}`;
  const out = openAppendOnly(tmp, 0);
  try {
    out.append(`${CSV_HEADER}\n`);
    await copyRows(
      [...rows].sort((a, b) => compareImg(a.img, b.img)).map((row) => ({ path, row })),
      (bytes) => out.append(bytes),
    );
  } finally {
    out.close();
  }
  await rename(tmp, path);
}
