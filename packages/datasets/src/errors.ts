// Every error the package throws or reports is built here, so messages stay uniform:
// what was expected, what was received, and what to do.

/** Describe a received value for an error message: its value and its type. */
function describe(value: unknown): string {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown} of type ${typeof value}`;
}

/** An argument of the wrong type, e.g. a string where a number belongs. */
export function invalidType(name: string, expected: string, received: unknown): TypeError {
  return new TypeError(`Expected ${expected} for ${name} but received ${describe(received)}`);
}

/** An argument of the right type but a bad value, e.g. a negative width. */
export function invalidValue(name: string, expected: string, received: unknown): RangeError {
  return new RangeError(`Expected ${expected} for ${name} but received ${describe(received)}`);
}

/** Check that `value` is an integer in [min, max]; `name` goes into the error message. */
export function checkInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  if (typeof value !== 'number') throw invalidType(name, expected, value);
  if (!Number.isInteger(value) || value < min || value > max) throw invalidValue(name, expected, value);
  return value;
}

/** A seed that is not a safe integer. */
export function invalidSeed(name: string, received: unknown): TypeError | RangeError {
  return typeof received === 'number'
    ? invalidValue(name, 'a safe integer', received)
    : invalidType(name, 'a safe integer', received);
}

/** Ways a Carvana run-length string can be malformed. */
export type RleProblemKind = 'not-a-number' | 'odd-count' | 'out-of-bounds' | 'overlap';

/** A malformed run-length string: `kind` says how, `token` is the 0-based index of the bad number. */
export class RleError extends RangeError {
  override readonly name = 'RleError';
  constructor(readonly kind: RleProblemKind, message: string, readonly token: number) {
    super(message);
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
export class DatasetProblem extends Error {
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
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(readonly problems: DatasetProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}
