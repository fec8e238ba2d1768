/**
 * The sidecar of skipped images (`img<TAB>path<TAB>reason`, one line each), kept in step with the
 * csv across kills: on resume only entries whose empty-mask row reached the csv are kept (the kill
 * may fall between the two appends), once each.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../records/writeFileAtomic.js';
import { openAppendOnly, type AppendOnlyFile } from './appendOnlyFile.js';

/** An image that could not be decoded; its csv row has an empty mask. */
export interface SkippedImage {
  img: string;
  file: string;
  reason: string;
}

/** The sidecar line of `entry` (tabs and newlines in the reason become spaces). */
function line(entry: SkippedImage): string {
  const clean = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');
  return `${clean(entry.img)}\t${clean(entry.file)}\t${clean(entry.reason)}\n`;
}

/** The skipped images of earlier runs, and an append for this one's. */
export interface SkippedLog {
  readonly path: string;
  /** Entries of earlier runs whose rows are in the csv. */
  readonly earlier: SkippedImage[];
  /** Append one entry (call it before writing the image's csv row, so a row never lacks its entry). */
  append(entry: SkippedImage): void;
  close(): void;
}

/** Read the entries of an earlier run whose rows are in the csv (`inCsv`) and rewrite the file with just those; the file is created on the first skip. */
export async function openSkippedLog(path: string, inCsv: ReadonlySet<string>): Promise<SkippedLog> {
  const earlier: SkippedImage[] = [];
  const existed = existsSync(path);
  if (existed) {
    const seen = new Set<string>();
    for (const text of (await readFile(path, 'utf8')).split('\n')) {
      const [img, file, reason] = text.split('\t');
      if (img === undefined || file === undefined || reason === undefined || !inCsv.has(img) || seen.has(img)) continue;
      seen.add(img);
      earlier.push({ img, file, reason });
    }
    await writeFileAtomic(path, earlier.map(line).join(''));
  }
  let file: AppendOnlyFile | undefined;
  return {
    path,
    earlier,
    append(entry) {
      file ??= openAppendOnly(path, existed ? Buffer.byteLength(earlier.map(line).join('')) : 0);
      file.append(line(entry));
    },
    close: () => file?.close(),
  };
}
