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

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    markUserError(this);
  }
}
