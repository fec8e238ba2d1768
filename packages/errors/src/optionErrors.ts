/**
 * Errors for a bad argument or option, worded one way everywhere:
 * `Expected <expected> for <option> but received <value>[. <hint>]` (sharp's style).
 * The option's name is kept apart, so the CLI can re-word it as its flag (`batchSize` → `--batch-size`).
 */
import { describe } from './describe.js';
import { markUserError } from './userError.js';

/** Turns a library option name into the name the user typed (the CLI passes a flag formatter). */
export type OptionNameFormatter = (option: string) => string;

/** The parts an option error is made of. */
export interface OptionProblem {
  /** The option or argument, as the library names it (`batchSize`, `size[0] (height)`). */
  readonly option: string;
  /** What was expected, as a noun phrase (`an integer >= 1`). */
  readonly expected: string;
  /** The received value, described (`-1 of type number`). */
  readonly received: string;
  /** What to do, or '' when the expectation says it all. */
  readonly hint: string;
}

function message(p: OptionProblem, name: string): string {
  return `Expected ${p.expected} for ${name} but received ${p.received}${p.hint === '' ? '' : `. ${p.hint}`}`;
}

/** An argument of the wrong type (a string where a number belongs). */
export class OptionTypeError extends TypeError implements OptionProblem {
  override readonly name = 'OptionTypeError';
  readonly received: string;
  constructor(readonly option: string, readonly expected: string, received: unknown, readonly hint = '') {
    const described = describe(received);
    super(message({ option, expected, received: described, hint }, option));
    this.received = described;
    markUserError(this);
  }
}

/** An argument of the right type but a bad value (a negative width). */
export class OptionRangeError extends RangeError implements OptionProblem {
  override readonly name = 'OptionRangeError';
  readonly received: string;
  constructor(readonly option: string, readonly expected: string, received: unknown, readonly hint = '') {
    const described = describe(received);
    super(message({ option, expected, received: described, hint }, option));
    this.received = described;
    markUserError(this);
  }
}

/** True for OptionTypeError and OptionRangeError. */
export function isOptionError(error: unknown): error is (OptionTypeError | OptionRangeError) & OptionProblem {
  return error instanceof OptionTypeError || error instanceof OptionRangeError;
}

/** The message of `error` with its option named by `format` (other errors: their message as is). */
export function formatErrorMessage(error: unknown, format: OptionNameFormatter): string {
  if (isOptionError(error)) return message(error, format(error.option));
  return error instanceof Error ? error.message : String(error);
}

/** The flag users type for a camelCase option: `batchSize` → `--batch-size` (`size[0] (height)` → `--size (height)`). */
export function flagName(option: string): string {
  const base = option.replace(/\[\d+\]/g, '');
  return `--${base.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
