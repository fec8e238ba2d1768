/**
 * Every error the trainer throws on purpose. Messages name the option or file, what was expected,
 * what was received and what to do, so the CLI can print them without a stack trace.
 */

/** Describe a received value with its type, as in "-1 of type number". */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}" of type string`;
  if (Array.isArray(value)) return `[${value.map(String).join(', ')}] of type array`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && Number.isNaN(value)) return 'something that is not a number';
  return `${String(value)} of type ${typeof value}`;
}

/** A config option with the wrong type: `option` is the flag name as users type it. */
export function optionTypeError(option: string, expected: string, received: unknown): TypeError {
  return new TypeError(`Expected ${expected} for --${option} but received ${describe(received)}`);
}

/** A config option with a value out of range; `hint` says what to do. */
export function optionRangeError(option: string, expected: string, received: unknown, hint?: string): RangeError {
  const tail = hint ? `: ${hint}` : '';
  return new RangeError(`Expected ${expected} for --${option} but received ${describe(received)}${tail}`);
}

/** A file or directory the trainer needs is missing or unusable. */
export class TrainerFileError extends Error {
  override readonly name = 'TrainerFileError';
  /** The path at fault. */
  readonly path: string;
  constructor(path: string, problem: string, hint: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}. ${hint}`, options);
    this.path = path;
  }
}

/** A checkpoint directory that cannot be resumed or evaluated. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  /** The checkpoint directory at fault. */
  readonly dir: string;
  constructor(dir: string, problem: string, hint: string, options?: { cause?: unknown }) {
    super(`Checkpoint ${dir}: ${problem}. ${hint}`, options);
    this.dir = dir;
  }
}

/** The data set has problems (from @maskflow/datasets), all listed at once. */
export class DatasetProblemsError extends Error {
  override readonly name = 'DatasetProblemsError';
  /** One human-readable line per problem. */
  readonly problems: string[];
  constructor(dir: string, problems: string[]) {
    const shown = problems.slice(0, 50).map((p) => `  - ${p}`);
    const more = problems.length > 50 ? [`  ... and ${problems.length - 50} more`] : [];
    super(
      [`Data set ${dir} has ${problems.length} problem(s); fix them or run \`pnpm data:check --data ${dir}\`:`, ...shown, ...more].join('\n'),
    );
    this.problems = problems;
  }
}

/** A command line that yargs refused (unknown flag, missing option, bad choice). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
