/** `--fold K/N`: which fold of a K-fold split a run holds out. */
import type { Fold } from '@maskflow/datasets';
import { OptionRangeError, OptionTypeError } from '@maskflow/errors';
import { readKOfN } from './readKOfN.js';

const EXPECTED = 'K/N with N >= 2 and 0 <= K < N (fold K, from 0, of N), such as 0/6';

/** Read a fold given as "K/N" (flag, config file) or as { index, count } (library, saved config.json). */
export function parseFold(option: string, value: unknown): Fold {
  let index: number;
  let count: number;
  if (typeof value === 'string') {
    const read = readKOfN(value);
    if (read === undefined) throw new OptionRangeError(option, EXPECTED, value);
    ({ index, count } = read);
  } else if (typeof value === 'object' && value !== null && 'index' in value && 'count' in value) {
    [index, count] = [Number(value.index), Number(value.count)];
  } else {
    throw new OptionTypeError(option, `"K/N" or { index, count }: ${EXPECTED}`, value);
  }
  if (!(Number.isSafeInteger(count) && count >= 2 && Number.isSafeInteger(index) && index >= 0 && index < count)) {
    throw new OptionRangeError(option, EXPECTED, typeof value === 'string' ? value : `${index}/${count}`);
  }
  return { index, count };
}
