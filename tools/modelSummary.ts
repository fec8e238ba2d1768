/**
 * `pnpm model:summary [--size 256] [--base-filters 32] [--depth 5] [--max-filters 0] [--channels 3] [--encoder unet]`: print the
 * U-Net's layer table and parameter totals (31,126,497 at the defaults). Builds the model on the
 * stock cpu backend without training it.
 */
import { UserError, flagName, formatErrorMessage } from '@maskflow/errors';
import { buildUNet, formatModelSummary, tf, type UNetOptions } from '@maskflow/model';
import { hideBin } from 'yargs/helpers';
import { UsageError, cliParser, integerFlag, isMainModule, parseOrExplain, processIo, type ScriptIo } from './cliArgs.js';

/** buildUNet's option names as this script's flags (`inputSize` is `--size` here). */
const summaryFlag = (option: string): string => (option.startsWith('inputSize') ? '--size' : flagName(option));

/** Turn `pnpm model:summary` arguments into buildUNet's options; throws UsageError naming a bad flag. */
export function parseSummaryArgs(args: string[]): UNetOptions | 'help' {
  const argv = cliParser(args, 'model:summary', '$0 [--size 256 | --size 256x384] [--base-filters 32] [--depth 5] [--max-filters 0] [--channels 3] [--encoder unet|mobilenet_v2]\n\nPrint the U-Net layer table and parameter counts.')
    .option('size', { type: 'string', default: '256', describe: 'input size: N (square) or HxW' })
    .option('base-filters', { type: 'string', default: '32', describe: 'filters of the first encoder level' })
    .option('depth', { type: 'string', describe: 'encoder levels: 1..6, default 5; with mobilenet_v2 4 (to stride 16, the default) or 5 (to stride 32)' })
    .option('max-filters', { type: 'string', default: '0', describe: "cap on any level's filters (0: none)" })
    .option('channels', { type: 'string', default: '3', describe: 'input channels' })
    .option('encoder', { type: 'string', default: 'unet', choices: ['unet', 'mobilenet_v2'], describe: "the tutorial's encoder or MobileNetV2's (ImageNet weights; depth 4 or 5)" })
    .help('help')
    .showHelpOnFail(false)
    .parseSync();
  if (argv.help) return 'help';
  const parts = argv.size.split('x');
  if (parts.length > 2) throw new UsageError(`Expected N or HxW for --size but received ${JSON.stringify(argv.size)}`);
  const height = integerFlag(parts[0] ?? '', 'size', 1);
  const width = parts[1] === undefined ? height : integerFlag(parts[1], 'size', 1);
  const depth = argv.depth === undefined ? undefined : integerFlag(argv.depth, 'depth', 1);
  return {
    inputSize: [height, width],
    baseFilters: integerFlag(argv['base-filters'], 'base-filters', 1),
    // Left out, MobileNetV2's depth is buildUNet's default for it (4).
    ...(argv.encoder === 'mobilenet_v2' ? { encoder: 'mobilenet_v2' as const, ...(depth === undefined ? {} : { depth }) } : { depth: depth ?? 5 }),
    maxFilters: integerFlag(argv['max-filters'], 'max-filters', 0),
    channels: integerFlag(argv.channels, 'channels', 1),
  };
}

/** Run `model:summary`: returns the exit code (0 printed, 2 usage error or an invalid model shape). */
export async function main(args: string[], io: ScriptIo = processIo): Promise<number> {
  const opts = parseOrExplain(parseSummaryArgs, args, io, 'model:summary');
  if (opts === undefined) return 2;
  if (opts === 'help') return 0;
  await tf.setBackend('cpu');
  let model: tf.LayersModel;
  try {
    model = buildUNet(opts);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    io.err(`model:summary: ${formatErrorMessage(error, summaryFlag)}`);
    return 2;
  }
  try {
    for (const line of formatModelSummary(model).split('\n')) io.out(line);
  } finally {
    model.dispose();
  }
  return 0;
}

if (isMainModule(import.meta.url)) process.exitCode = await main(hideBin(process.argv));
