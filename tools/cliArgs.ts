import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError, describedFlags, explainUnknownFlags } from '@maskflow/errors';
import yargs, { type Argv } from 'yargs';

/** A command-line mistake (unknown flag, missing or bad value); the message names the flag. */
export class UsageError extends UserError {
  override readonly name = 'UsageError';
}

/**
 * A yargs parser for `args` that throws `UsageError` instead of printing and exiting, so the
 * scripts stay testable; `--help` output is returned by the caller through `showHelp`.
 */
export function cliParser(args: string[], script: string, usage: string): Argv {
  return yargs(args)
    .scriptName(script)
    .usage(usage)
    .strict()
    // English like every other Maskflow message, whatever LANG says, so its parse errors can be re-worded.
    .locale('en')
    .exitProcess(false)
    .version(false)
    .fail((message, error, usage) => {
      throw new UsageError(message ? explainUnknownFlags(message, args, describedFlags(usage)) : (error?.message ?? 'invalid arguments'));
    });
}

/** Read flag `--name` (kept as text so errors can show what was typed) as an integer >= `min`. */
export function integerFlag(value: unknown, name: string, min: number): number {
  const text = String(value).trim();
  const parsed = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min) {
    throw new UsageError(`Expected an integer >= ${min} for --${name} but received ${JSON.stringify(text)}`);
  }
  return parsed;
}

/**
 * `parse(args)`, or undefined after printing its UsageError for `script` (the caller exits 2);
 * any other error is a bug and propagates.
 */
export function parseOrExplain<T>(parse: (args: string[]) => T, args: string[], io: ScriptIo, script: string): T | undefined {
  try {
    return parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${script}: ${error.message}\nRun with --help for usage.`);
    return undefined;
  }
}

/** Where a script writes: `out` for results, `err` for mistakes and failures. */
export interface ScriptIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The process's stdout and stderr, for running a script for real. */
export const processIo: ScriptIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Whether the module at `moduleUrl` is the script node was started with (not an import from a test). */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && fileURLToPath(moduleUrl) === resolve(entry);
}
