/** The errors of batch prediction a user can act on (the CLI prints them without a stack trace). */
import { UserError } from '@maskflow/errors';
import { outputName, type InputImage } from '../inference/listImages.js';

/** An image that cannot be decoded under --on-bad-sample error. */
export class BadImageError extends UserError {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: cannot be decoded (${reason}). Pass --on-bad-sample skip to write an empty-mask row for it and list it in the skipped-files sidecar, or remove the file`);
  }
}

/** Two inputs whose csv rows would share one name. */
export class DuplicateImageNameError extends UserError {}

/**
 * Refuse two inputs that would write one `<stem>_mask.png` (a.jpg beside a.png, or clip1/0001.jpg
 * and clip2/0001.jpg passed as two --input folders): the second mask would silently replace the first.
 */
export function refuseSameMaskNames(inputs: readonly InputImage[]): void {
  const byMask = new Map<string, string>();
  for (const input of inputs) {
    const mask = outputName(input.name, '_mask.png');
    const other = byMask.get(mask);
    if (other !== undefined) throw new DuplicateImageNameError(`Inputs ${other} and ${input.path} would both write ${mask}; predict them into separate output folders`);
    byMask.set(mask, input.path);
  }
}
