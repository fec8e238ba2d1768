/**
 * Error constructors of @maskflow/preprocess. Messages name the option, what was expected, what
 * was received and what to do.
 */

/** Describe a received value for an error message: its value and its type. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}] (array)`;
  if (typeof value === 'string') return `"${value}" (string)`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (typeof value === 'object') return 'an object';
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

/** A positive integer dimension (width, height, size entry), checked where users call in. */
export function checkDimension(option: string, value: unknown): number {
  if (typeof value !== 'number') throw optionTypeError(option, 'a positive integer', value);
  if (!Number.isInteger(value) || value < 1) throw optionRangeError(option, 'a positive integer', value);
  return value;
}

/** A [height, width] pair of positive integers. */
export function checkSize(option: string, value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw optionTypeError(option, 'a [height, width] pair of positive integers', value);
  return [checkDimension(`${option}[0] (height)`, value[0]), checkDimension(`${option}[1] (width)`, value[1])];
}
