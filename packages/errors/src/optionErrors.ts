/**
 * Errors for a bad argument or option, worded one way everywhere:
 * `Expected <expected> for <option> but received <value>[. <hint>]` (sharp's style).
 * The option's name is kept apart, so the CLI can re-word it as its flag (`batchSize` → `--batch-size`);
 * other options named in `expected` or `hint` as `{name}` are re-worded the same way.
 */
import { describe } from './describe.js';
import { UserError, markUserError, nameOptions } from './userError.js';

/** Turns a library option name into the name the user typed (the CLI passes a flag formatter). */
export type OptionNameFormatter = (option: string) => string;

/** The parts an option error is made of. */
export interface OptionProblem {
  /** The option or argument, as the library names it (`batchSize`, `size[0] (height)`). */
  readonly option: string;
  /** What was expected, as a noun phrase (`an integer >= 1`, `a value <= {lr}`). */
  readonly expected: string;
  /** The received value, described (`-1 of type number`). */
  readonly received: string;
  /** What to do, or '' when the expectation says it all (`leave {baseFilters} out`). */
  readonly hint: string;
}

const asIs: OptionNameFormatter = (option) => option;

/** The message of `p`, every option name (its own and `{name}`s) passed through `format`. */
function message(p: OptionProblem, format: OptionNameFormatter): string {
  const names = (text: string): string => nameOptions(text, format);
  const hint = p.hint === '' ? '' : `. ${names(p.hint)}`;
  return `Expected ${names(p.expected)} for ${format(p.option)} but received ${p.received}${hint}`;
}

/** A class of option errors on a built-in base (TypeError or RangeError), so `instanceof` tells both apart. */
type OptionErrorClass<E extends Error> = new (option: string, expected: string, received: unknown, hint?: string) => E & OptionProblem;

/** The one definition of an option error, on the built-in error class `Base`. */
function optionErrorClass<E extends Error>(Base: new (message: string) => E, name: string): OptionErrorClass<E> {
  class OptionError extends (Base as new (message: string) => Error) implements OptionProblem {
    override readonly name = name;
    readonly option: string;
    readonly expected: string;
    readonly received: string;
    readonly hint: string;
    constructor(option: string, expected: string, received: unknown, hint = '') {
      const p: OptionProblem = { option, expected, received: describe(received), hint };
      super(message(p, asIs));
      ({ option: this.option, expected: this.expected, received: this.received, hint: this.hint } = p);
      markUserError(this);
    }
  }
  return OptionError as unknown as OptionErrorClass<E>;
}

/** An argument of the wrong type (a string where a number belongs): a TypeError. */
export const OptionTypeError = optionErrorClass(TypeError, 'OptionTypeError');
/** An instance of {@link OptionTypeError}. */
export type OptionTypeError = InstanceType<typeof OptionTypeError>;

/** An argument of the right type but a bad value (a negative width): a RangeError. */
export const OptionRangeError = optionErrorClass(RangeError, 'OptionRangeError');
/** An instance of {@link OptionRangeError}. */
export type OptionRangeError = InstanceType<typeof OptionRangeError>;

/** True for OptionTypeError and OptionRangeError. */
export function isOptionError(error: unknown): error is OptionTypeError | OptionRangeError {
  return error instanceof OptionTypeError || error instanceof OptionRangeError;
}

/**
 * The message of `error` with its option names re-worded by `format`: an option error's option and
 * `{name}`s, a UserError's hint's `{name}`s; other errors: their message as is.
 */
export function formatErrorMessage(error: unknown, format: OptionNameFormatter): string {
  if (isOptionError(error)) return message(error, format);
  if (error instanceof UserError && error.hint !== undefined && error.hint !== '') return `${error.problem}. ${nameOptions(error.hint, format)}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The flag users type for a camelCase option: `batchSize` → `--batch-size` (`size[0] (height)` →
 * `--size (height)`). An environment variable's name (`MASKFLOW_WASM_SIMD`) is not a flag and stays as is.
 */
export function flagName(option: string): string {
  if (/^[A-Z][A-Z0-9_]*$/.test(option)) return option;
  const base = option.replace(/\[\d+\]/g, '');
  return `--${base.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
