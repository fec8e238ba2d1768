// Every error the package throws or reports is built here, on @maskflow/errors, so messages stay
// uniform: what was expected, what was received, and what to do. Data problems are UserErrors.
import { OptionRangeError, OptionTypeError, UserError, markUserError } from '@maskflow/errors';

/** A seed that is not a safe integer. */
export function invalidSeed(name: string, received: unknown): TypeError | RangeError {
  return typeof received === 'number'
    ? new OptionRangeError(name, 'a safe integer', received)
    : new OptionTypeError(name, 'a safe integer', received);
}

/** Ways a Carvana run-length string can be malformed. */
export type RleProblemKind = 'not-a-number' | 'odd-count' | 'out-of-bounds' | 'overlap';

/** A malformed run-length string: `kind` says how, `token` is the 0-based index of the bad number. */
export class RleError extends RangeError {
  override readonly name = 'RleError';
  constructor(readonly kind: RleProblemKind, message: string, readonly token: number) {
    super(message);
    markUserError(this);
  }
}

/** Everything `validateDataset` can find wrong with a dataset. */
export type DatasetProblemKind =
  | 'unreadable-dir'
  | 'empty-dir'
  | 'unknown-layout'
  | 'image-without-mask'
  | 'mask-without-image'
  | 'duplicate-id'
  | 'unreadable-file'
  | 'multi-page'
  | 'csv-bad-header'
  | 'csv-bad-row'
  | 'csv-duplicate-row'
  | 'csv-unknown-image'
  | 'csv-path-escape'
  | 'mask-size-mismatch'
  | 'malformed-rle';

/**
 * One problem in a dataset, as a typed error: `kind` for code, `file` (absolute path) and,
 * for csv problems, the 1-based `line` for people. `rleKind` says how an RLE is malformed.
 */
export class DatasetProblem extends UserError {
  override readonly name = 'DatasetProblem';
  constructor(
    readonly kind: DatasetProblemKind,
    readonly file: string,
    message: string,
    readonly line?: number,
    readonly rleKind?: RleProblemKind,
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${message}`);
  }
}

/** Thrown by `loadDataset` when a directory cannot be used at all; `problems` lists why. */
export class DatasetError extends UserError {
  override readonly name = 'DatasetError';
  constructor(readonly problems: DatasetProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}
