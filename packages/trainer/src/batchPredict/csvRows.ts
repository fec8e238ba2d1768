// A submission csv as an index of byte ranges, read in chunks: rows of a 100,064-image Carvana
// submission are ~10-30 KB each, so the rows themselves are never all held in memory.
import { open, type FileHandle } from 'node:fs/promises';
import { TrainerFileError } from '../errors.js';

/** The Kaggle header, written once at the top of every csv. */
export const CSV_HEADER = 'img,rle_mask';

/** One complete row: the image name and where the line (with its '\n') lies in the file. */
export interface CsvRow {
  img: string;
  offset: number;
  length: number;
}

/** What scanCsv found. */
export interface CsvIndex {
  /** Complete rows (each ended by '\n'), in file order. */
  rows: CsvRow[];
  /** Bytes up to the end of the last complete line: anything after it is a row cut by a kill. */
  completeBytes: number;
  /** The file's size. */
  totalBytes: number;
  /** True when the file is empty (no header yet). */
  empty: boolean;
}

const CHUNK = 1 << 20;

/** Index the complete rows of `path` and check its header; a trailing line without '\n' is reported, not indexed. */
export async function scanCsv(path: string): Promise<CsvIndex> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const rows: CsvRow[] = [];
    const buffer = Buffer.allocUnsafe(CHUNK);
    let lineStart = 0;
    let head: Buffer[] = [];
    let headBytes = 0;
    let sawHeader = false;
    let position = 0;
    while (position < size) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK, size - position), position);
      if (bytesRead === 0) break;
      let from = 0;
      for (;;) {
        const nl = buffer.indexOf(10, from);
        const end = nl === -1 || nl >= bytesRead ? -1 : nl;
        // Only the start of a line (up to its first comma) is kept while it spans chunks.
        if (headBytes < 4096) {
          const piece = buffer.subarray(from, end === -1 ? bytesRead : end);
          head.push(Buffer.from(piece.subarray(0, 4096 - headBytes)));
          headBytes += piece.length;
        }
        if (end === -1) break;
        const lineEnd = position + end + 1;
        const text = Buffer.concat(head).toString('utf8');
        if (!sawHeader) {
          if (text.replace(/\r$/, '') !== CSV_HEADER) {
            throw new TrainerFileError(path, `starts with "${text.slice(0, 60)}" instead of the header "${CSV_HEADER}"`, 'pass a submission csv written by maskflow predict, or another path');
          }
          sawHeader = true;
        } else {
          const comma = text.indexOf(',');
          if (comma <= 0) throw new TrainerFileError(path, `has a row without "img," at byte ${lineStart}: "${text.slice(0, 60)}"`, 'fix or remove that row');
          rows.push({ img: text.slice(0, comma), offset: lineStart, length: lineEnd - lineStart });
        }
        lineStart = lineEnd;
        head = [];
        headBytes = 0;
        from = end + 1;
      }
      position += bytesRead;
    }
    return { rows, completeBytes: lineStart, totalBytes: size, empty: size === 0 };
  } finally {
    await file.close();
  }
}

/** Append the lines of `order` (byte ranges of source csvs) to `write`, in that order, one row in memory at a time. */
export async function copyRows(order: readonly { path: string; row: CsvRow }[], write: (bytes: Buffer) => void): Promise<void> {
  const handles = new Map<string, FileHandle>();
  try {
    for (const { path, row } of order) {
      let handle = handles.get(path);
      if (handle === undefined) {
        handle = await open(path, 'r');
        handles.set(path, handle);
      }
      const bytes = Buffer.allocUnsafe(row.length);
      await handle.read(bytes, 0, row.length, row.offset);
      write(bytes);
    }
  } finally {
    for (const handle of handles.values()) await handle.close();
  }
}
