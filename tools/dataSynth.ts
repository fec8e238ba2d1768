import { resolve } from 'node:path';
import { hideBin } from 'yargs/helpers';
import { generateSyntheticCarvana, type SyntheticCarvanaOptions } from '@maskflow/datasets';
import { UsageError, cliParser, integerFlag, isMainModule, parseOrExplain, processIo, type ScriptIo } from './cliArgs.js';

/** Turn `pnpm data:synth` arguments into generator options; throws UsageError naming a bad flag. */
export function parseSynthArgs(args: string[]): SyntheticCarvanaOptions | 'help' {
  const argv = cliParser(args, 'data:synth', '$0 --out DIR --cars N [--seed S] [--views V] [--width W --height H] [--scenes studio|randomized]\n\nWrite a synthetic data set in the exact Carvana layout.')
    .option('out', { type: 'string', demandOption: true, describe: 'directory to write train/, train_masks/ and train_masks.csv into' })
    .option('cars', { type: 'string', demandOption: true, requiresArg: true, describe: 'number of cars (integer >= 1)' })
    .option('seed', { type: 'string', default: '42', requiresArg: true, describe: 'integer seed: the same seed writes the same data' })
    .option('views', { type: 'string', default: '16', requiresArg: true, describe: 'views per car, 1..99 (Carvana: 16)' })
    .option('width', { type: 'string', default: '1918', requiresArg: true, describe: 'image width (Carvana: 1918)' })
    .option('height', { type: 'string', default: '1280', requiresArg: true, describe: 'image height (Carvana: 1280)' })
    .option('scenes', { type: 'string', default: 'studio', choices: ['studio', 'randomized'], describe: 'studio floors, or randomized backdrops, paint, clutter and bars (domain randomization, for pretraining)' })
    .help('help')
    .showHelpOnFail(false)
    .parseSync();
  if (argv.help) return 'help';
  if (argv.out.trim() === '') throw new UsageError('Expected a directory path for --out but received ""');
  return {
    outDir: resolve(argv.out),
    cars: integerFlag(argv.cars, 'cars', 1),
    views: integerFlag(argv.views, 'views', 1),
    width: integerFlag(argv.width, 'width', 16),
    height: integerFlag(argv.height, 'height', 16),
    seed: integerFlag(argv.seed, 'seed', Number.MIN_SAFE_INTEGER),
    scenes: argv.scenes as 'studio' | 'randomized',
  };
}

/** Run `data:synth`: returns the exit code (0 written, 1 failed, 2 usage error). */
export async function main(args: string[], io: ScriptIo = processIo): Promise<number> {
  const opts = parseOrExplain(parseSynthArgs, args, io, 'data:synth');
  if (opts === undefined) return 2;
  if (opts === 'help') return 0;
  let result: Awaited<ReturnType<typeof generateSyntheticCarvana>>;
  try {
    result = await generateSyntheticCarvana(opts);
  } catch (error) {
    io.err(`data:synth: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  io.out(
    `Wrote ${result.images} images (${opts.cars} cars x ${opts.views} views, ${opts.width}x${opts.height}, seed ${opts.seed}, ${opts.scenes} scenes) ` +
      `to ${opts.outDir} in ${result.seconds.toFixed(1)} s: ${result.imagesPerSecond.toFixed(1)} images/s ` +
      `(${result.cpuSeconds.toFixed(1)} CPU s, ${(result.images / result.cpuSeconds).toFixed(1)} images per CPU second)`,
  );
  return 0;
}

if (isMainModule(import.meta.url)) process.exitCode = await main(hideBin(process.argv));
