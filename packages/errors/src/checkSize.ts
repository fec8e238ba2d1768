/** The one check of a [height, width] image size, and of its fit to a U-Net of a given depth. */
import { checkInteger } from './checks.js';
import { OptionRangeError, OptionTypeError } from './optionErrors.js';

/** The largest side any Maskflow size may have (libvips' and WebGL's practical limit). */
export const MAX_SIDE = 65535;

/** The multiples of `step` just below and above `n`: the valid sizes a user likely meant. */
export function nearestMultiples(n: number, step: number): number[] {
  const below = Math.floor(n / step) * step;
  const above = Math.ceil(n / step) * step;
  return [...new Set([below, above])].filter((v) => v > 0);
}

/**
 * A `[height, width]` pair of positive integers; with `depth`, both sides divisible by 2^depth
 * (a U-Net of that depth halves them `depth` times), naming the nearest valid sizes otherwise;
 * `fixedBy` names what fixes the depth, so the message does not offer a smaller one.
 */
export function checkSize(option: string, value: unknown, depth?: number, fixedBy?: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new OptionTypeError(option, 'a [height, width] pair of positive integers, e.g. [256, 256]', value);
  }
  const size: [number, number] = [
    checkInteger(`${option}[0] (height)`, value[0], 1, MAX_SIDE),
    checkInteger(`${option}[1] (width)`, value[1], 1, MAX_SIDE),
  ];
  if (depth !== undefined) {
    const step = 2 ** depth;
    for (const [side, n] of [['height', size[0]], ['width', size[1]]] as const) {
      if (n % step !== 0) {
        const valid = nearestMultiples(n, step).join(' or ');
        throw new OptionRangeError(
          option,
          `a ${side} divisible by 2^depth = ${step} (depth ${depth}${fixedBy === undefined ? '' : `, fixed by ${fixedBy}`})`,
          n,
          fixedBy === undefined ? `Use ${valid}, or a smaller {depth}` : `Use ${valid}`,
        );
      }
    }
  }
  return size;
}
