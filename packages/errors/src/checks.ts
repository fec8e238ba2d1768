/** Argument checks for every package: each returns the value typed, or throws an option error naming it. */
import { OptionRangeError, OptionTypeError } from './optionErrors.js';

/** An integer in [min, max] (max defaults to Number.MAX_SAFE_INTEGER). */
export function checkInteger(option: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new OptionTypeError(option, expected, value);
  if (!Number.isInteger(value) || value < min || value > max) throw new OptionRangeError(option, expected, value);
  return value;
}

/** A finite number in [min, max]; `exclusiveMin` opens the lower bound (learning rates > 0). */
export function checkNumber(option: string, value: unknown, min: number, max: number, exclusiveMin = false): number {
  const expected = `a number in ${exclusiveMin ? '(' : '['}${min}, ${max}]`;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new OptionTypeError(option, expected, value);
  const tooLow = exclusiveMin ? value <= min : value < min;
  if (!Number.isFinite(value) || tooLow || value > max) throw new OptionRangeError(option, expected, value);
  return value;
}

/** One of a fixed set of strings. */
export function checkChoice<T extends string>(option: string, value: unknown, choices: readonly T[]): T {
  const expected = `one of ${choices.map((c) => `'${c}'`).join(', ')}`;
  if (typeof value !== 'string') throw new OptionTypeError(option, expected, value);
  if (!(choices as readonly string[]).includes(value)) throw new OptionRangeError(option, expected, value);
  return value as T;
}

/** A boolean. */
export function checkBoolean(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new OptionTypeError(option, 'true or false', value);
  return value;
}

/** A non-empty string, such as a path. */
export function checkNonEmptyString(option: string, value: unknown, what = 'a non-empty string'): string {
  if (typeof value !== 'string') throw new OptionTypeError(option, what, value);
  if (value.trim() === '') throw new OptionRangeError(option, what, value);
  return value;
}
