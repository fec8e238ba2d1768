/** `maskflow train`: flags → TrainOptions → `train()`. */
import type { Argv, Options } from 'yargs';
import { readConfigFile } from '../config/readConfigFile.js';
import { CPU_PRESET } from '../config/trainConfig.js';
import { TRAIN_OPTIONS, type TrainOptionName, type TrainOptionSpec } from '../config/trainOptions.js';
import { createReporter } from '../progress/createReporter.js';
import { train } from '../train/train.js';
import { interruptOnSigint } from './interruptOnSigint.js';

const shown = (v: unknown): string => (Array.isArray(v) ? v.join('x') : String(v));

/** The --help default of an option: its schema default (or text), then the CPU preset's value. */
function defaultDescription(name: TrainOptionName): string {
  const spec: TrainOptionSpec<unknown> = TRAIN_OPTIONS[name];
  const preset = CPU_PRESET[name];
  return (spec.defaultText ?? shown(spec.default)) + (preset === undefined ? '' : `; CPU preset: ${shown(preset)}`);
}

const flag = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every train flag, from the option schema in --help order; none has a yargs default so unset flags stay undefined. */
export const TRAIN_FLAGS: Record<string, Options> = Object.fromEntries(
  (Object.keys(TRAIN_OPTIONS) as TrainOptionName[]).map((name) => {
    const spec: TrainOptionSpec<unknown> = TRAIN_OPTIONS[name];
    const choices = spec.choices === undefined ? {} : { choices: [...spec.choices] };
    return [flag(name), { type: spec.flag, describe: spec.help, defaultDescription: defaultDescription(name), ...choices }];
  }),
);

/** Register `train` on a yargs instance. */
export function trainCommand(cli: Argv): Argv {
  return cli.command(
    'train',
    'train a U-Net (tutorial defaults; the CPU preset without a GPU backend)',
    (y) => {
      for (const [name, spec] of Object.entries(TRAIN_FLAGS)) y.option(name, { ...spec, group: 'Training:' });
      return y
        .option('config', { type: 'string', describe: 'JSON file of options (flags given on the command line win)' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object per epoch and a summary line' });
    },
    async (argv) => {
      const fromFile = typeof argv.config === 'string' ? await readConfigFile(argv.config) : {};
      const fromFlags: Record<string, unknown> = {};
      for (const name of Object.keys(TRAIN_OPTIONS)) {
        const value = (argv as Record<string, unknown>)[flag(name)];
        if (value !== undefined) fromFlags[name] = value;
      }
      const mode = argv.json ? 'json' : process.stdout.isTTY ? 'tty' : 'lines';
      const onEvent = createReporter(mode, { out: process.stdout, err: process.stderr });
      const interrupt = interruptOnSigint((message) => process.stderr.write(`\n${message}\n`));
      try {
        await train({ ...fromFile, ...fromFlags }, { onEvent, signal: interrupt.signal });
      } finally {
        interrupt.dispose();
      }
    },
  );
}
