/** `--shard K/N`, or Kubernetes' JOB_COMPLETION_INDEX / JOB_COMPLETIONS: which share of the inputs this process predicts. */
import { OptionRangeError, UserError } from '@maskflow/errors';
import { readKOfN } from '../config/readKOfN.js';

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

const EXPECTED = 'K/N with N >= 1 and 0 <= K < N (K counts from 0, as JOB_COMPLETION_INDEX does)';

function valid(index: number, count: number): boolean {
  return Number.isSafeInteger(count) && count >= 1 && Number.isSafeInteger(index) && index >= 0 && index < count;
}

function checked(index: number, count: number, received: unknown): Shard {
  if (!valid(index, count)) throw new OptionRangeError('shard', EXPECTED, received);
  return { index, count };
}

/**
 * The shard to run: `value` ("K/N" or a Shard) when given, else JOB_COMPLETION_INDEX of
 * JOB_COMPLETIONS from `env` when both are set (a Kubernetes Indexed Job), else the whole input (0/1).
 */
export function resolveShard(value: string | Shard | undefined, env: Readonly<Record<string, string | undefined>>): Shard {
  if (typeof value === 'object' && value !== null) return checked(value.index, value.count, `${value.index}/${value.count}`);
  if (typeof value === 'string') {
    const read = readKOfN(value);
    if (read === undefined) throw new OptionRangeError('shard', 'K/N, such as 0/4 (shard 0 of 4)', value);
    return checked(read.index, read.count, value);
  }
  const index = env.JOB_COMPLETION_INDEX;
  const count = env.JOB_COMPLETIONS;
  if (index === undefined || count === undefined || index === '' || count === '') return { index: 0, count: 1 };
  if (!/^\d+$/.test(index) || !/^\d+$/.test(count) || !valid(Number(index), Number(count))) {
    throw new UserError(
      `Expected JOB_COMPLETION_INDEX and JOB_COMPLETIONS to give ${EXPECTED} but received "${index}" and "${count}". Set completions in the Indexed Job (and JOB_COMPLETIONS to the same number), or pass --shard K/N`,
    );
  }
  return { index: Number(index), count: Number(count) };
}

/** The inputs of `shard`: every count-th of the name-sorted list, starting at index (the same split on every machine). */
export function shardInputs<T>(sorted: readonly T[], shard: Shard): T[] {
  return sorted.filter((_, i) => i % shard.count === shard.index);
}
