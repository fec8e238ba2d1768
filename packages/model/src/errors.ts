/**
 * Error constructors of @maskflow/model. Messages name the option or file, what was expected,
 * what was received and what to do.
 */

/** Describe a received value for an error message: its value and its type. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}] (array)`;
  if (typeof value === 'string') return `"${value}" (string)`;
  if (typeof value === 'object') return `an object`;
  return `${String(value)} (${typeof value})`;
}

/** Wrong type for an option: `Expected <expected> for <option> but received <value>`. */
export function optionTypeError(option: string, expected: string, received: unknown): TypeError {
  return new TypeError(`Expected ${expected} for ${option} but received ${describe(received)}.`);
}

/** Bad value for an option, with a hint on what to do. */
export function optionRangeError(option: string, expected: string, received: unknown, hint = ''): RangeError {
  const suffix = hint === '' ? '' : ` ${hint}`;
  return new RangeError(`Expected ${expected} for ${option} but received ${describe(received)}.${suffix}`);
}

/** A model directory or file that cannot be read as a Maskflow/tfjs Layers model. */
export class ModelFileError extends Error {
  /** The file (or directory) that is wrong. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.name = 'ModelFileError';
    this.file = file;
  }
}
