/**
 * Error classes of @maskflow/model. Option errors come from @maskflow/errors; a model file that
 * cannot be read is the user's mistake (a UserError), named with the file and what to do.
 */
import { UserError } from '@maskflow/errors';

/** A model directory or file that cannot be read as a Maskflow/tfjs Layers model. */
export class ModelFileError extends UserError {
  override readonly name = 'ModelFileError';
  /** The file (or directory) that is wrong. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.file = file;
  }
}
