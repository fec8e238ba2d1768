/**
 * `pnpm model:pretrain`: make starting weights for `maskflow train --init-weights`. Writes a
 * domain-randomized synthetic set (`generateSyntheticCarvana` with `scenes: 'randomized'`), trains
 * the CPU preset's U-Net on it from the default --seed's weights, and saves the result without
 * optimizer state, with how it was made in its metadata.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSyntheticCarvana } from '@maskflow/datasets';
import { flagName, formatErrorMessage, UserError } from '@maskflow/errors';
import { loadModel, saveModel } from '@maskflow/model';
import { train, type TrainOptions } from '@maskflow/trainer';
import { hideBin } from 'yargs/helpers';
import { cliParser, integerFlag, isMainModule, parseOrExplain, processIo, UsageError, type ScriptIo } from './cliArgs.js';

/** What `model:pretrain` makes and how. */
export interface PretrainOptions {
  /** Directory the weights are saved into (model.json, weights.bin). */
  out: string;
  /** Cars of the randomized set (16 views each), its seed and image size. */
  cars: number;
  views: number;
  seed: number;
  width: number;
  height: number;
  /** Training budget: epochs, and minutes of epochs (the cosine schedule fits the shorter). */
  epochs: number;
  minutes: number;
  /** Keep the generated set and the run here instead of a temporary directory removed at the end. */
  work: string | undefined;
}

/** Turn `pnpm model:pretrain` arguments into options; throws UsageError naming a bad flag. */
export function parsePretrainArgs(args: string[]): PretrainOptions | 'help' {
  const argv = cliParser(args, 'model:pretrain', '$0 [--out DIR] [--cars 120] [--seed 2000] [--minutes 24] [--epochs 40] [--work DIR]\n\nMake starting weights for --init-weights by training the CPU preset U-Net on a domain-randomized synthetic set.')
    .option('out', { type: 'string', default: 'runs/pretrained', describe: 'directory to save the weights into (then: pnpm train --init-weights DIR)' })
    .option('cars', { type: 'string', default: '120', describe: 'cars in the randomized set (16 views each)' })
    .option('views', { type: 'string', default: '16', describe: 'views per car' })
    .option('seed', { type: 'string', default: '2000', describe: "seed of the set (training takes the trainer's default --seed)" })
    .option('width', { type: 'string', default: '480', describe: 'image width of the set' })
    .option('height', { type: 'string', default: '320', describe: 'image height of the set' })
    .option('epochs', { type: 'string', default: '40', describe: 'epochs at most' })
    .option('minutes', { type: 'string', default: '24', describe: 'minutes of epochs at most' })
    .option('work', { type: 'string', describe: 'keep the set and the run in this directory (default: a temporary one, removed)' })
    .help('help')
    .showHelpOnFail(false)
    .parseSync();
  if (argv.help) return 'help';
  const minutes = Number(argv.minutes);
  if (!(minutes > 0)) throw new UsageError(`Expected a number of minutes > 0 for --minutes but received ${JSON.stringify(argv.minutes)}`);
  return {
    out: resolve(argv.out),
    cars: integerFlag(argv.cars, 'cars', 2),
    views: integerFlag(argv.views, 'views', 1),
    seed: integerFlag(argv.seed, 'seed', 0),
    width: integerFlag(argv.width, 'width', 16),
    height: integerFlag(argv.height, 'height', 16),
    epochs: integerFlag(argv.epochs, 'epochs', 1),
    minutes,
    work: argv.work === undefined ? undefined : resolve(argv.work),
  };
}

/** Generate the set, train on it and save the weights; returns what the metadata records. */
export async function pretrain(opts: PretrainOptions, extra: TrainOptions = {}, say: (line: string) => void = () => undefined): Promise<Record<string, unknown>> {
  const work = opts.work ?? (await mkdtemp(join(tmpdir(), 'maskflow-pretrain-')));
  try {
    const data = join(work, 'data');
    const set = await generateSyntheticCarvana({ outDir: data, cars: opts.cars, views: opts.views, seed: opts.seed, width: opts.width, height: opts.height, scenes: 'randomized' });
    say(`Wrote ${set.images} randomized images to ${data} in ${set.seconds.toFixed(1)} s`);
    const run = join(work, 'run');
    // From --seed's weights ('none'), never from earlier pretrained weights; a small val split
    // only to pick best/ (the set is synthetic: its val Dice says nothing about other data).
    const summary = await train({ data, out: run, preset: 'cpu', initWeights: 'none', valFraction: 0.05, epochs: opts.epochs, maxMinutes: opts.minutes, ...extra }, {
      onEvent: (e) => {
        if (e.type === 'epochEnd') say(`epoch ${e.epoch}: val Dice ${e.record.valDiceCoeff.toFixed(4)}`);
      },
    });
    const model = await loadModel(join(run, 'best'), { compile: false });
    const made = {
      by: 'pnpm model:pretrain',
      set: { generator: "generateSyntheticCarvana, scenes 'randomized'", cars: opts.cars, views: opts.views, seed: opts.seed, width: opts.width, height: opts.height },
      training: { preset: 'cpu', epochs: summary.epochs, seconds: Math.round(summary.seconds), bestValDice: summary.bestValDice },
    };
    try {
      await saveModel(model, opts.out, { includeOptimizer: false, metadata: { pretrained: made } });
    } finally {
      model.dispose();
    }
    return made;
  } finally {
    if (opts.work === undefined) await rm(work, { recursive: true, force: true });
  }
}

/** Run `model:pretrain`: returns the exit code (0 saved, 1 failed, 2 usage error). */
export async function main(args: string[], io: ScriptIo = processIo, extra: TrainOptions = {}): Promise<number> {
  const opts = parseOrExplain(parsePretrainArgs, args, io, 'model:pretrain');
  if (opts === undefined) return 2;
  if (opts === 'help') return 0;
  try {
    const made = await pretrain(opts, extra, io.out);
    io.out(`Saved ${opts.out}: ${JSON.stringify(made)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    io.err(`model:pretrain: ${formatErrorMessage(error, flagName)}`);
    return 1;
  }
}

if (isMainModule(import.meta.url)) process.exitCode = await main(hideBin(process.argv));
