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
 * (5088 -> 4070 / 1018); by group whole groups move, as close to valFraction as they allow.
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
    // Visit groups in shuffled order and take one whenever it brings the count closer to the target.
    for (const group of shuffleInPlace([...members.keys()], rng)) {
      const size = (members.get(group) as number[]).length;
      if (Math.abs(count + size - target) >= Math.abs(count - target)) continue;
      for (const i of members.get(group) as number[]) inVal[i] = 1;
      count += size;
    }
  }
  return { train: samples.filter((_, i) => inVal[i] === 0), val: samples.filter((_, i) => inVal[i] === 1) };
}
