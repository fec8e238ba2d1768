/** Parse training sizes as users write them: `256`, `320x480` (height x width) or `[320, 480]`. */
import { OptionRangeError, OptionTypeError } from '@maskflow/errors';

/** A size as users write it, turned into [height, width]; throws naming `option` otherwise. */
export function parseSize(value: unknown, option = 'size'): [number, number] {
  const expected = 'a positive integer or HEIGHTxWIDTH (e.g. 256 or 320x480)';
  let parts: unknown[];
  if (typeof value === 'number') parts = [value, value];
  else if (Array.isArray(value)) parts = value.length === 1 ? [value[0], value[0]] : value;
  else if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    parts = (text.includes('x') ? text.split('x') : [text, text]).map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  } else throw new OptionTypeError(option, expected, value);
  const [h, w] = parts;
  if (parts.length !== 2 || !isPositiveInt(h) || !isPositiveInt(w)) throw new OptionRangeError(option, expected, value);
  return [h, w];
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
