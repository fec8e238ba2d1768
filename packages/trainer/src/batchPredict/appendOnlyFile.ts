// Lines appended so that a kill -9 at any moment leaves whole lines only: each line goes out in
// one write(2) call with its '\n' last, so a write cut short by the kill lacks its newline, and
// opening the file again truncates whatever follows the last '\n' (see csvRows.ts).
import { closeSync, fdatasyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';

/** A file opened for appending whole lines. */
export interface AppendOnlyFile {
  readonly path: string;
  /** Write one or more complete lines (must end with '\n') in one call; returns once the kernel has them. */
  append(text: string | Buffer): void;
  /** Flush to disk (fdatasync) and close. */
  close(): void;
}

/** Open `path` for appending, first cutting it to `keepBytes` (the end of its last complete line). */
export function openAppendOnly(path: string, keepBytes: number): AppendOnlyFile {
  const fd = openSync(path, 'a+');
  ftruncateSync(fd, keepBytes);
  let open = true;
  return {
    path,
    append(text) {
      const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      let written = writeSync(fd, bytes);
      // A short write only happens on a full disk or a signal; finish the line so it stays whole.
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    },
    close() {
      if (!open) return;
      open = false;
      fdatasyncSync(fd);
      closeSync(fd);
    },
  };
}
