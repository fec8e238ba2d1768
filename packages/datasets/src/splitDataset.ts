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
}

/**
 * Split samples into train and validation sets, reproducibly for a seed. By image the
 * validation size is ceil(valFraction * n) like scikit-learn's train_test_split
 * (5088 -> 4070 / 1018); by group whole groups move, as close to valFraction as they allow,
 * and at least one group whenever valFraction > 0 and there are two or more (as scikit-learn's
 * GroupShuffleSplit rounds up: 2 cars at 0.2 give 1 train car and 1 val car, not an empty side).
 * Each side keeps the input order.
 */
export function splitDataset(samples: Sample[], opts: SplitOptions = {}): { train: Sample[]; val: Sample[] } {
  if (!Array.isArray(samples)) throw new OptionTypeError('samples', 'an array of samples', samples);
  const { valFraction = 0.2, seed = 42, by = 'image' } = opts;
  if (typeof valFraction !== 'number') throw new OptionTypeError('valFraction', 'a number in [0, 1)', valFraction);
  if (!(valFraction >= 0 && valFraction < 1)) throw new OptionRangeError('valFraction', 'a number in [0, 1)', valFraction);
  checkInteger('seed', seed, Number.MIN_SAFE_INTEGER);
  if (by !== 'image' && by !== 'group') throw new OptionRangeError('by', '"image" or "group"', by);

  const rng = createRng(seed);
  const inVal = new Uint8Array(samples.length);
  const target = Math.ceil(valFraction * samples.length);
  if (by === 'image') {
    const order = shuffleInPlace([...samples.keys()], rng);
    for (const i of order.slice(0, target)) inVal[i] = 1;
  } else {
    const members = new Map<string, number[]>();
    samples.forEach((s, i) => {
      const list = members.get(s.group);
      if (list) list.push(i);
      else members.set(s.group, [i]);
    });
    let count = 0;
    const take = (group: string): void => {
      for (const i of members.get(group) as number[]) inVal[i] = 1;
      count += (members.get(group) as number[]).length;
    };
    // Visit groups in shuffled order and take one whenever it brings the count closer to the target.
    const order = shuffleInPlace([...members.keys()], rng);
    for (const group of order) {
      const size = (members.get(group) as number[]).length;
      if (Math.abs(count + size - target) < Math.abs(count - target)) take(group);
    }
    // Few large groups can leave val empty (2 cars x 16 views at 0.2: 16 is further from 7 than 0 is).
    if (count === 0 && target > 0 && order.length >= 2) take(order[0] as string);
  }
  return { train: samples.filter((_, i) => inVal[i] === 0), val: samples.filter((_, i) => inVal[i] === 1) };
}
