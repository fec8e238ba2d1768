/** `maskflow train`: flags → TrainOptions → `train()`. */
import type { Argv } from 'yargs';
import { readConfigFile } from '../config/readConfigFile.js';
import { CPU_PRESET, TRAIN_DEFAULTS, type TrainConfig } from '../config/trainConfig.js';
import { createReporter } from '../progress/createReporter.js';
import { train } from '../train/train.js';
import { interruptOnSigint } from './interruptOnSigint.js';

const preset = (key: keyof TrainConfig): string => {
  const v = CPU_PRESET[key];
  return v === undefined ? '' : `; CPU preset: ${Array.isArray(v) ? v.join('x') : String(v)}`;
};
const dflt = (key: keyof TrainConfig, text?: string): string => {
  const v = TRAIN_DEFAULTS[key];
  return (text ?? (Array.isArray(v) ? v.join('x') : String(v))) + preset(key);
};

type OptionSpec = { type: 'string' | 'number' | 'boolean'; describe: string; defaultDescription: string; choices?: string[] };

/** Every train flag, in --help order; none has a yargs default so unset flags stay undefined. */
export const TRAIN_FLAGS: Record<string, OptionSpec> = {
  data: { type: 'string', describe: 'data set directory (Carvana layout, or images/ + masks/)', defaultDescription: 'data/carvana if present, else a synthetic set in data/synthetic' },
  'synthetic-cars': { type: 'number', describe: 'cars in the synthetic set made when there is no data', defaultDescription: dflt('syntheticCars') },
  size: { type: 'string', describe: 'training size: N or HEIGHTxWIDTH, divisible by 2^depth', defaultDescription: dflt('size', '256') },
  'batch-size': { type: 'number', describe: 'images per step', defaultDescription: dflt('batchSize') },
  epochs: { type: 'number', describe: 'passes over the training split', defaultDescription: dflt('epochs') },
  lr: { type: 'number', describe: "Adam's learning rate", defaultDescription: dflt('lr', '0.001') },
  'base-filters': { type: 'number', describe: 'filters of the first U-Net level (doubles per level)', defaultDescription: dflt('baseFilters') },
  depth: { type: 'number', describe: 'U-Net levels (1-6)', defaultDescription: dflt('depth') },
  'bn-momentum': { type: 'number', describe: 'BatchNorm moving-statistics momentum, 0-0.9999 (Keras 0.99)', defaultDescription: dflt('bnMomentum') },
  'val-fraction': { type: 'number', describe: 'share of the data held out for validation', defaultDescription: dflt('valFraction') },
  split: { type: 'string', choices: ['car', 'image'], describe: 'split by car (no car on both sides) or by image (the tutorial)', defaultDescription: dflt('split') },
  seed: { type: 'number', describe: 'seed of the split, shuffling, augmentation and initial weights', defaultDescription: dflt('seed') },
  threads: { type: 'number', describe: 'input pipeline worker threads (0: from the core count)', defaultDescription: dflt('threads', '0') },
  'kernel-threads': { type: 'number', describe: 'CPU kernel threads (0: from the core count)', defaultDescription: dflt('kernelThreads', '0') },
  prefetch: { type: 'number', describe: 'batches prepared ahead of the training step', defaultDescription: dflt('prefetch') },
  cache: { type: 'string', choices: ['memory', 'none'], describe: 'keep decoded samples in memory after the first epoch', defaultDescription: dflt('cache') },
  'mask-source': { type: 'string', choices: ['auto', 'file'], describe: 'masks from train_masks.csv when present (auto) or from the mask files', defaultDescription: dflt('maskSource') },
  'hue-delta': { type: 'number', describe: 'largest random hue shift, 0-0.5', defaultDescription: dflt('hueDelta') },
  hflip: { type: 'boolean', describe: 'random horizontal flips (--no-hflip to turn off)', defaultDescription: dflt('hflip') },
  shift: { type: 'number', describe: 'largest random shift, as a fraction of width and height', defaultDescription: dflt('shift') },
  backend: { type: 'string', choices: ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'], describe: 'TensorFlow.js backend (webgpu: maskflow-webgpu on Dawn, software adapters included)', defaultDescription: dflt('backend') },
  preset: { type: 'string', choices: ['auto', 'cpu', 'tutorial'], describe: 'auto: the CPU preset when no GPU backend runs', defaultDescription: dflt('preset') },
  out: { type: 'string', describe: 'output directory', defaultDescription: 'runs/<timestamp>' },
  resume: { type: 'string', describe: "continue a run from its last/ checkpoint (give the run or its last/ directory)", defaultDescription: 'off' },
  'lr-plateau': { type: 'boolean', describe: 'reduce the learning rate when val loss stops improving', defaultDescription: dflt('lrPlateau') },
  'lr-plateau-patience': { type: 'number', describe: 'epochs without improvement before reducing', defaultDescription: dflt('lrPlateauPatience') },
  'lr-plateau-factor': { type: 'number', describe: 'factor applied to the learning rate', defaultDescription: dflt('lrPlateauFactor') },
  'lr-min': { type: 'number', describe: 'lowest learning rate the plateau rule goes to', defaultDescription: dflt('lrMin') },
  'early-stop': { type: 'number', describe: 'stop after N epochs without a better val dice loss (0: off)', defaultDescription: dflt('earlyStop') },
  'max-steps': { type: 'number', describe: 'stop after N training steps in total (0: no limit)', defaultDescription: dflt('maxSteps') },
};

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Register `train` on a yargs instance. */
export function trainCommand(cli: Argv): Argv {
  return cli.command(
    'train',
    'train a U-Net (tutorial defaults; the CPU preset without a GPU backend)',
    (y) => {
      for (const [flag, spec] of Object.entries(TRAIN_FLAGS)) y.option(flag, { ...spec, group: 'Training:' });
      return y
        .option('config', { type: 'string', describe: 'JSON file of options (flags given on the command line win)' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object per epoch and a summary line' });
    },
    async (argv) => {
      const fromFile = typeof argv.config === 'string' ? await readConfigFile(argv.config) : {};
      const fromFlags: Record<string, unknown> = {};
      for (const flag of Object.keys(TRAIN_FLAGS)) {
        const value = (argv as Record<string, unknown>)[flag];
        if (value !== undefined) fromFlags[camel(flag)] = value;
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
