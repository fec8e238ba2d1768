/**
 * Every error the trainer throws on purpose (option errors come from @maskflow/errors). Messages
 * name the option or file, what was expected, what was received and what to do; all are
 * UserErrors, so the CLI prints them without a stack trace.
 */
import { UserError } from '@maskflow/errors';

/** A file or directory the trainer needs is missing or unusable. */
export class TrainerFileError extends UserError {
  override readonly name = 'TrainerFileError';
  /** The path at fault. */
  readonly path: string;
  constructor(path: string, problem: string, hint: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}. ${hint}`, options);
    this.path = path;
  }
}

/** A checkpoint directory that cannot be resumed or evaluated. */
export class CheckpointError extends UserError {
  override readonly name = 'CheckpointError';
  /** The checkpoint directory at fault. */
  readonly dir: string;
  constructor(dir: string, problem: string, hint: string, options?: { cause?: unknown }) {
    super(`Checkpoint ${dir}: ${problem}. ${hint}`, options);
    this.dir = dir;
  }
}

/** The data set has problems (from @maskflow/datasets), all listed at once. */
export class DatasetProblemsError extends UserError {
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
export class UsageError extends UserError {
  override readonly name = 'UsageError';
}
