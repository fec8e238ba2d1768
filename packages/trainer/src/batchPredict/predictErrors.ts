/** The errors of batch prediction a user can act on (the CLI prints them without a stack trace). */
import { UserError } from '@maskflow/errors';

/** An image that cannot be decoded under --on-bad-sample error. */
export class BadImageError extends UserError {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: cannot be decoded (${reason}). Pass --on-bad-sample skip to write an empty-mask row for it and list it in the skipped-files sidecar, or remove the file`);
  }
}

/** Two inputs whose csv rows would share one name. */
export class DuplicateImageNameError extends UserError {}
