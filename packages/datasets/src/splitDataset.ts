import { checkInteger, OptionRangeError, OptionTypeError } from '@maskflow/errors';
import { createRng, shuffleInPlace } from './rng.js';
import type { Sample } from './sample.js';

/** Options of `splitDataset`. */
export interface SplitOptions {
  /** Fraction of samples for validation, in [0, 1). Default 0.2, as in the tutorial. */
  valFraction?: number;
  /** Shuffle seed. Default 42, as in the tutorial. */
  seed?: number;
  /** 'image' (tutorial; views of one car leak across sides) or 'group' (all views of a car on one side). Default 'image'. */
  by?: 'image' | 'group';
  /**
   * K-fold cross-validation: hold out fold `index` (from 0) of `count` folds instead of
   * `valFraction`. Over the `count` folds of one seed every sample (by group: every car) is held
   * out exactly once.
   */
  fold?: Fold | undefined;
}

/** Fold `index` (0-based) of `count` folds. */
export interface Fold {
  index: number;
  count: number;
}

/**
 * Split samples into train and validation sets, reproducibly for a seed. By image the
 * validation size is ceil(valFraction * n) like scikit-learn's train_test_split
 * (5088 -> 4070 / 1018); by group whole groups move, as close to valFraction as they allow,
 * and at least one group whenever valFraction > 0 and there are two or more (as scikit-learn's
 * GroupShuffleSplit rounds up: 2 cars at 0.2 give 1 train car and 1 val car, not an empty side).
 * With `fold`, val is that fold of a K-fold split instead (valFraction unused). Each side keeps
 * the input order.
 */
export function splitDataset(samples: Sample[], opts: SplitOptions = {}): { train: Sample[]; val: Sample[] } {
  if (!Array.isArray(samples)) throw new OptionTypeError('samples', 'an array of samples', samples);
  const { valFraction = 0.2, seed = 42, by = 'image', fold } = opts;
  if (typeof valFraction !== 'number') throw new OptionTypeError('valFraction', 'a number in [0, 1)', valFraction);
  if (!(valFraction >= 0 && valFraction < 1)) throw new OptionRangeError('valFraction', 'a number in [0, 1)', valFraction);
  checkInteger('seed', seed, Number.MIN_SAFE_INTEGER);
  if (by !== 'image' && by !== 'group') throw new OptionRangeError('by', '"image" or "group"', by);

  const rng = createRng(seed);
  const inVal = fold === undefined ? fractionMembership(samples, valFraction, by, rng) : foldMembership(samples, fold, by, rng);
  return { train: samples.filter((_, i) => inVal[i] === 0), val: samples.filter((_, i) => inVal[i] === 1) };
}

/** The units a split moves whole: each sample alone (by image) or all samples of a group, in input order. */
function unitsOf(samples: Sample[], by: 'image' | 'group'): number[][] {
  if (by === 'image') return samples.map((_, i) => [i]);
  const members = new Map<string, number[]>();
  samples.forEach((s, i) => {
    const list = members.get(s.group);
    if (list) list.push(i);
    else members.set(s.group, [i]);
  });
  return [...members.values()];
}

/**
 * 1 for the samples of fold `fold.index`: units in shuffled order, each given to the fold with
 * the fewest samples so far (the lowest such fold on ties), so folds differ by at most one unit's
 * size (scikit-learn's GroupKFold balances the same way, largest group first and unshuffled).
 */
function foldMembership(samples: Sample[], fold: Fold, by: 'image' | 'group', rng: () => number): Uint8Array {
  if (typeof fold !== 'object' || fold === null) throw new OptionTypeError('fold', 'an object { index, count }', fold);
  const units = unitsOf(samples, by);
  const unitName = by === 'group' ? 'groups (cars)' : 'samples';
  checkInteger('fold.count', fold.count, 2);
  if (fold.count > units.length) throw new OptionRangeError('fold.count', `at most the ${units.length} ${unitName} to split (every fold holds out at least one)`, fold.count);
  checkInteger('fold.index', fold.index, 0, fold.count - 1);
  const sizes = new Array<number>(fold.count).fill(0);
  const inVal = new Uint8Array(samples.length);
  for (const unit of shuffleInPlace(units, rng)) {
    let smallest = 0;
    for (let f = 1; f < fold.count; f++) if ((sizes[f] as number) < (sizes[smallest] as number)) smallest = f;
    sizes[smallest] = (sizes[smallest] as number) + unit.length;
    if (smallest === fold.index) for (const i of unit) inVal[i] = 1;
  }
  return inVal;
}

/** 1 for the samples of the valFraction split's val side (see splitDataset). */
function fractionMembership(samples: Sample[], valFraction: number, by: 'image' | 'group', rng: () => number): Uint8Array {
  const inVal = new Uint8Array(samples.length);
  const target = Math.ceil(valFraction * samples.length);
  // Shuffling the units draws the same permutation as shuffling their indices or group names did
  // before folds existed, so every earlier seed still gives the same split.
  const order = shuffleInPlace(unitsOf(samples, by), rng);
  if (by === 'image') {
    for (const [i] of order.slice(0, target)) inVal[i as number] = 1;
  } else {
    let count = 0;
    const take = (unit: number[]): void => {
      for (const i of unit) inVal[i] = 1;
      count += unit.length;
    };
    // Visit groups in shuffled order and take one whenever it brings the count closer to the target.
    for (const unit of order) if (Math.abs(count + unit.length - target) < Math.abs(count - target)) take(unit);
    // Few large groups can leave val empty (2 cars x 16 views at 0.2: 16 is further from 7 than 0 is).
    if (count === 0 && target > 0 && order.length >= 2) take(order[0] as number[]);
  }
  return inVal;
}
