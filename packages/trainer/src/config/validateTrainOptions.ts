/** Check every train option a caller set, naming the flag at fault. */
import { optionRangeError } from '../errors.js';
import { checkBoolean, checkChoice, checkInt, checkNumber, checkPath, flagName } from './checks.js';
import { parseSize } from './parseSize.js';
import { TRAIN_DEFAULTS, type TrainConfig } from './trainConfig.js';

type Checker = (option: string, value: unknown) => unknown;

const CHECKERS: { [K in keyof TrainConfig]: Checker } = {
  data: checkPath,
  syntheticCars: (o, v) => checkInt(o, v, 2, 10_000),
  size: (o, v) => parseSize(v, flagName(o)),
  batchSize: (o, v) => checkInt(o, v, 1, 4096),
  epochs: (o, v) => checkInt(o, v, 1, 100_000),
  lr: (o, v) => checkNumber(o, v, 0, 10, true),
  baseFilters: (o, v) => checkInt(o, v, 1, 1024),
  depth: (o, v) => checkInt(o, v, 1, 6),
  bnMomentum: (o, v) => checkNumber(o, v, 0, 0.9999),
  valFraction: (o, v) => checkNumber(o, v, 0, 1, true),
  split: (o, v) => checkChoice(o, v, ['car', 'image'] as const),
  seed: (o, v) => checkInt(o, v, 0, 2 ** 32 - 1),
  threads: (o, v) => checkInt(o, v, 0, 256),
  kernelThreads: (o, v) => checkInt(o, v, 0, 256),
  prefetch: (o, v) => checkInt(o, v, 1, 64),
  cache: (o, v) => checkChoice(o, v, ['memory', 'none'] as const),
  maskSource: (o, v) => checkChoice(o, v, ['auto', 'file'] as const),
  hueDelta: (o, v) => checkNumber(o, v, 0, 0.5),
  hflip: checkBoolean,
  shift: (o, v) => checkNumber(o, v, 0, 0.5),
  backend: (o, v) => checkChoice(o, v, ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const),
  out: checkPath,
  resume: checkPath,
  lrPlateau: checkBoolean,
  lrPlateauPatience: (o, v) => checkInt(o, v, 1, 10_000),
  lrPlateauFactor: (o, v) => checkNumber(o, v, 0, 1, true),
  lrMin: (o, v) => checkNumber(o, v, 0, 10),
  earlyStop: (o, v) => checkInt(o, v, 0, 100_000),
  maxSteps: (o, v) => checkInt(o, v, 0, Number.MAX_SAFE_INTEGER),
  preset: (o, v) => checkChoice(o, v, ['auto', 'cpu', 'tutorial'] as const),
};

/**
 * Check the options a caller set (undefined entries count as unset) and return them normalized
 * (sizes as [height, width]). Unknown keys are refused: they are usually typos.
 */
export function validateTrainOptions(options: Record<string, unknown>): Partial<TrainConfig> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const check = (CHECKERS as Record<string, Checker | undefined>)[key];
    if (!check) {
      const known = Object.keys(TRAIN_DEFAULTS).map(flagName).join(', ');
      throw optionRangeError(flagName(key), `a known train option (${known})`, key, 'check the spelling');
    }
    out[key] = check(key, value);
  }
  if (out.lrMin !== undefined && out.lr !== undefined && (out.lrMin as number) > (out.lr as number)) {
    throw optionRangeError('lr-min', `a value <= --lr (${String(out.lr)})`, out.lrMin);
  }
  return out as Partial<TrainConfig>;
}
