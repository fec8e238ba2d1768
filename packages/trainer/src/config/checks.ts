/** Small argument checks shared by every command's option validation. */
import { optionRangeError, optionTypeError } from '../errors.js';

/** The flag name users type for a camelCase option (`batchSize` → `batch-size`). */
export function flagName(option: string): string {
  return option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** An integer within [min, max]. */
export function checkInt(option: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const flag = flagName(option);
  if (typeof value !== 'number' || Number.isNaN(value)) throw optionTypeError(flag, 'an integer', value);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw optionRangeError(flag, range, value);
  }
  return value;
}

/** A finite number within [min, max]; `exclusiveMin` makes the lower bound open. */
export function checkNumber(
  option: string,
  value: unknown,
  min: number,
  max: number,
  exclusiveMin = false,
): number {
  const flag = flagName(option);
  if (typeof value !== 'number' || Number.isNaN(value)) throw optionTypeError(flag, 'a number', value);
  const tooLow = exclusiveMin ? value <= min : value < min;
  if (!Number.isFinite(value) || tooLow || value > max) {
    throw optionRangeError(flag, `a number in ${exclusiveMin ? '(' : '['}${min}, ${max}]`, value);
  }
  return value;
}

/** One of a fixed set of strings. */
export function checkChoice<T extends string>(option: string, value: unknown, choices: readonly T[]): T {
  const flag = flagName(option);
  const expected = `one of ${choices.join(', ')}`;
  if (typeof value !== 'string') throw optionTypeError(flag, expected, value);
  if (!(choices as readonly string[]).includes(value)) throw optionRangeError(flag, expected, value);
  return value as T;
}

/** A boolean. */
export function checkBoolean(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw optionTypeError(flagName(option), 'true or false', value);
  return value;
}

/** A non-empty string (a path). */
export function checkPath(option: string, value: unknown): string {
  const flag = flagName(option);
  if (typeof value !== 'string') throw optionTypeError(flag, 'a path', value);
  if (value.trim() === '') throw optionRangeError(flag, 'a non-empty path', value);
  return value;
}
