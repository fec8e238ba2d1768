/**
 * The mark of a user's mistake (a wrong flag, a missing file, a corrupt image): the CLI prints
 * its message alone, without a stack trace. Anything else that reaches the CLI is a bug.
 */

// A registered symbol, so two copies of this package in one install still recognise each other's errors.
const USER_MISTAKE = Symbol.for('@maskflow/errors.userMistake');

/** Mark `error` as the user's mistake (for errors that must keep a built-in class such as TypeError). */
export function markUserError<E extends Error>(error: E): E {
  Object.defineProperty(error, USER_MISTAKE, { value: true, enumerable: false });
  return error;
}

/** True when `error` was marked as the user's mistake (a UserError, OptionTypeError, ...). */
export function isUserError(error: unknown): error is Error {
  return error instanceof Error && (error as unknown as Record<symbol, unknown>)[USER_MISTAKE] === true;
}

/** What a UserError may carry besides its message. */
export interface UserErrorOptions {
  cause?: unknown;
  /**
   * What to do, appended to the message as its last sentence. Options it names are written
   * `{name}` so the CLI re-words them as flags (`set {onBadSample} to 'skip'` → `--on-bad-sample`).
   */
  hint?: string;
}

/** `text` with every `{name}` replaced by `format(name)`. */
export function nameOptions(text: string, format: (option: string) => string): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => format(name));
}

/**
 * Base class of every error that describes a user's mistake. `error instanceof UserError` is also
 * true for the marked TypeError/RangeError subclasses below, which cannot share this base.
 */
export class UserError extends Error {
  static {
    // `instanceof UserError` tests the mark; subclasses (DecodeError, ...), which inherit this
    // static method, keep the ordinary prototype test (`this` is the class right of instanceof).
    Object.defineProperty(UserError, Symbol.hasInstance, {
      value(this: abstract new (...args: never[]) => unknown, value: unknown): boolean {
        if (this !== UserError) return Function.prototype[Symbol.hasInstance].call(this, value);
        return isUserError(value);
      },
    });
  }

  /** The message without its hint. */
  readonly problem: string;
  /** What to do, with options as `{name}`; '' when the message says it all. */
  readonly hint: string;

  constructor(message: string, options: UserErrorOptions = {}) {
    const hint = options.hint ?? '';
    const text = hint === '' ? message : `${message}. ${nameOptions(hint, (option) => option)}`;
    super(text, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.problem = message;
    this.hint = hint;
    markUserError(this);
  }
}
