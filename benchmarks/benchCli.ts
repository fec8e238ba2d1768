/**
 * The bench scripts' command lines: node:util's parseArgs, with a wrong flag or value told the way
 * `maskflow` tells it (the flag named, the one it most likely meant, the usage), not as a stack trace.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UserError, closestName } from '@maskflow/errors';

/** A bench command line that cannot run: an unknown flag, a missing or bad value. */
export class BenchUsageError extends UserError {
  override readonly name = 'BenchUsageError';
}

/** parseArgs(config), its refusals re-thrown as BenchUsageError; an unknown flag comes with the known flag nearest to it. */
export function readBenchFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
    const message = (error as Error).message;
    const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(message);
    if (unknown === null) throw new BenchUsageError(message);
    const [, dashes, name] = unknown as unknown as [string, string, string];
    const meant = closestName(name, Object.keys(config.options ?? {}));
    throw new BenchUsageError(`Unknown option ${dashes}${name}${meant === undefined ? '' : `: did you mean --${meant}?`}`);
  }
}

/** Refuse a name in a comma list flag (`--backends`, `--presets`) that is not among `known`, with the one it most likely meant. */
export function checkKnownNames(flag: string, what: string, names: readonly string[], known: readonly string[]): void {
  for (const name of names) {
    if (known.includes(name)) continue;
    const meant = closestName(name, known);
    throw new BenchUsageError(`--${flag}: unknown ${what} '${name}'${meant === undefined ? '' : ` (did you mean ${meant}?)`}; expected some of ${known.join(', ')}`);
  }
}

/** Print a user's mistake as `script: message` (the usage after a command-line mistake) and set the exit code; true when `error` was one. */
export function reportBenchMistake(script: string, usage: string, error: unknown): boolean {
  if (!(error instanceof UserError)) return false;
  const usageError = error instanceof BenchUsageError;
  process.stderr.write(`${script}: ${error.message}\n${usageError ? `${usage}\n` : ''}`);
  process.exitCode = usageError ? 2 : 1;
  return true;
}

/** readBenchFlags for a script's top level: a command-line mistake is printed with the usage and ends the process (exit 2). */
export function benchFlagsOrExit<T extends ParseArgsConfig>(script: string, usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return readBenchFlags(config);
  } catch (error) {
    if (reportBenchMistake(script, usage, error)) process.exit(2);
    throw error;
  }
}

/** Run a bench script's main: a user's mistake (a bad flag value, a missing --data folder) is printed without a stack trace; anything else is a bug and propagates. */
export async function runBench(script: string, usage: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!reportBenchMistake(script, usage, error)) throw error;
  }
}
