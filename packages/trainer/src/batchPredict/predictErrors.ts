/** The errors of batch prediction a user can act on (the CLI prints them without a stack trace). */
import { basename, extname } from 'node:path';
import { UserError } from '@maskflow/errors';

/** An image that cannot be decoded under --on-bad-sample error. */
export class BadImageError extends UserError {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: cannot be decoded (${reason}). Pass --on-bad-sample skip to write an empty-mask row for it and list it in the skipped-files sidecar, or remove the file`);
  }
}

/** Two inputs whose csv rows would share one name. */
export class DuplicateImageNameError extends UserError {}

/**
 * Refuse two inputs that would write one `<stem>_mask.png` (clip1/0001.jpg and clip2/0001.jpg,
 * or a.jpg beside a.png): the second mask would silently replace the first.
 */
export function refuseSameMaskNames(inputs: readonly string[]): void {
  const byStem = new Map<string, string>();
  for (const input of inputs) {
    const stem = basename(input, extname(input));
    const other = byStem.get(stem);
    if (other !== undefined) throw new DuplicateImageNameError(`Inputs ${other} and ${input} would both write ${stem}_mask.png; predict them into separate output folders`);
    byStem.set(stem, input);
  }
}
