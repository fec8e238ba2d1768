/**
 * Which mask values are the object. By default any non-zero value is; a label map (Oxford-IIIT
 * Pet's trimaps: 1 pet, 2 background, 3 outline; a palette mask's classes) names its object's
 * values instead, as Keras' Oxford Pets example subtracts 1 and picks classes.
 */
import { OptionRangeError, OptionTypeError } from '@maskflow/errors';

/** The largest value a mask can hold (16-bit samples). */
const MAX_VALUE = 65535;

/** Check a foreground list: one or more distinct integers in [0, 65535]; undefined stays undefined. */
export function checkForeground(option: string, value: unknown): readonly number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw new OptionTypeError(option, 'a non-empty list of mask values', value);
  for (const v of value) {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > MAX_VALUE) throw new OptionRangeError(option, `integers in [0, ${MAX_VALUE}]`, v);
  }
  if (new Set(value).size !== value.length) throw new OptionRangeError(option, 'distinct values', value.join(','));
  return [...(value as number[])].sort((a, b) => a - b);
}

/** lut[v] = 1 for each listed value below 256, the lookup 8-bit and palette masks are read through. */
export function foregroundLut(values: readonly number[]): Uint8Array {
  const lut = new Uint8Array(256);
  for (const v of values) if (v < 256) lut[v] = 1;
  return lut;
}
