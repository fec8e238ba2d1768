/**
 * The `maskflow` command line: yargs turns flags into typed options, then one library call per
 * command (train, evaluate, predict, explore, doctor). Errors print as one message, no stack trace,
 * unless they are bugs (not raised on purpose), which print the message first, then the stack.
 */
import { UserError, describedFlags, explainUnknownFlags, flagName, formatErrorMessage } from '@maskflow/errors';
import { releaseBackend, tf } from '@maskflow/model';
import yargs from 'yargs';
import { doctorCommand } from './cli/doctorCommand.js';
import { evaluateCommand } from './cli/evaluateCommand.js';
import { exploreCommand } from './cli/exploreCommand.js';
import { FLAG_SYNONYMS } from './cli/flagSynonyms.js';
import { mergeCsvCommand } from './cli/mergeCsvCommand.js';
import { predictCommand } from './cli/predictCommand.js';
import { trainCommand } from './cli/trainCommand.js';
import { UsageError } from './errors.js';

/** Run the CLI on `args` (without node and script); resolves to the exit code. */
export async function runCli(args: string[]): Promise<number> {
  // Production mode silences tfjs' console banner ("install our node backend"): the CLI says
  // which backend runs itself, and `maskflow doctor` explains the alternatives.
  tf.enableProdMode();
  const cli = yargs(args)
    .scriptName('maskflow')
    .usage('$0 <command> [options]')
    .strict()
    // English like every other Maskflow message, whatever LANG says, so its parse errors can be re-worded.
    .locale('en')
    .demandCommand(1, 'Name a command: train, evaluate, predict, merge-csv, explore or doctor.')
    .recommendCommands()
    .wrap(Math.min(120, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error, usage) => {
      // Throwing stops yargs before the command's handler runs (returning would let it run).
      throw error ?? new UsageError(explainUnknownFlags(message, args, describedFlags(usage), FLAG_SYNONYMS));
    })
    .help()
    .alias('help', 'h');
  trainCommand(cli);
  evaluateCommand(cli);
  predictCommand(cli);
  mergeCsvCommand(cli);
  exploreCommand(cli);
  doctorCommand(cli);
  try {
    await cli.parseAsync();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`maskflow: ${error.message}\nRun \`maskflow <command> --help\` for the options and their defaults.\n`);
      return 2;
    }
    // Every Maskflow package marks a user's mistake (a bad option, a missing or corrupt file) as a
    // UserError; its options are re-worded as the flags the user typed. Anything else is a bug.
    if (error instanceof UserError) {
      process.stderr.write(`maskflow: ${formatErrorMessage(error, flagName)}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`maskflow: unexpected error: ${message}\n${error instanceof Error ? (error.stack ?? '') : ''}\n`);
    return 1;
  } finally {
    // A WebGPU device keeps Dawn's threads busy; release it so the process exits by itself.
    await releaseBackend();
  }
  return 0;
}
