/** Parse and check training sizes: `256`, `320x480` (height x width) or `[320, 480]`. */
import { optionRangeError, optionTypeError } from '../errors.js';

/** A size as users write it, turned into [height, width]; throws naming `option` otherwise. */
export function parseSize(value: unknown, option = 'size'): [number, number] {
  const expected = 'a positive integer or HEIGHTxWIDTH (e.g. 256 or 320x480)';
  let parts: unknown[];
  if (typeof value === 'number') parts = [value, value];
  else if (Array.isArray(value)) parts = value.length === 1 ? [value[0], value[0]] : value;
  else if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    parts = (text.includes('x') ? text.split('x') : [text, text]).map((p) => (p.trim() === '' ? NaN : Number(p)));
  } else throw optionTypeError(option, expected, value);
  const [h, w] = parts;
  if (parts.length !== 2 || !isPositiveInt(h) || !isPositiveInt(w)) throw optionRangeError(option, expected, value);
  return [h, w];
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** The multiples of `step` just below and above `n` (the valid sizes a user likely meant). */
export function nearestMultiples(n: number, step: number): number[] {
  const below = Math.floor(n / step) * step;
  const above = Math.ceil(n / step) * step;
  return [...new Set([below, above])].filter((v) => v > 0);
}

/** Check that both sides are divisible by 2^depth, naming the nearest valid sizes otherwise. */
export function checkSizeForDepth(size: [number, number], depth: number, option = 'size'): void {
  const step = 2 ** depth;
  for (const [side, n] of [['height', size[0]], ['width', size[1]]] as const) {
    if (n % step !== 0) {
      const valid = nearestMultiples(n, step).join(' or ');
      throw optionRangeError(
        option,
        `a ${side} divisible by 2^depth = ${step} (depth ${depth})`,
        n,
        `use ${valid}, or a smaller --depth`,
      );
    }
  }
}
