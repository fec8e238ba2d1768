/**
 * Which mask values are the object. By default any non-zero value is; a label map (Oxford-IIIT
 * Pet's trimaps: 1 pet, 2 background, 3 outline; a palette mask's classes) names its object's
 * values instead, as Keras' Oxford Pets example subtracts 1 and picks classes; a colour-coded
 * label map (CamVid's, a `_color.png` of Cityscapes) names its object's colours as `#rrggbb`.
 */
import { OptionRangeError, OptionTypeError } from '@maskflow/errors';

/** Mask values (integers) or colours (`#rrggbb`, lower case), never both. */
export type Foreground = readonly number[] | readonly string[];

/** The largest value a mask can hold (16-bit samples). */
const MAX_VALUE = 65535;

const COLOUR = /^#[0-9a-f]{6}$/i;

/** Check a foreground list: one or more distinct integers in [0, 65535], or distinct `#rrggbb` colours; undefined stays undefined. */
export function checkForeground(option: string, value: unknown): Foreground | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw new OptionTypeError(option, 'a non-empty list of mask values or #rrggbb colours', value);
  if (value.some((v) => typeof v === 'string') && value.some((v) => typeof v !== 'string')) {
    throw new OptionRangeError(option, 'all colours (#rrggbb), or all values', value.join(','));
  }
  if (typeof value[0] === 'string') {
    for (const v of value) if (typeof v !== 'string' || !COLOUR.test(v)) throw new OptionRangeError(option, 'colours as #rrggbb', v);
    const colours = (value as string[]).map((v) => v.toLowerCase());
    if (new Set(colours).size !== colours.length) throw new OptionRangeError(option, 'distinct colours', value.join(','));
    return colours.sort();
  }
  for (const v of value) {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > MAX_VALUE) throw new OptionRangeError(option, `integers in [0, ${MAX_VALUE}]`, v);
  }
  if (new Set(value).size !== value.length) throw new OptionRangeError(option, 'distinct values', value.join(','));
  return [...(value as number[])].sort((a, b) => a - b);
}

/** Whether a foreground list names colours rather than values. */
export function namesColours(foreground: Foreground): foreground is readonly string[] {
  return typeof foreground[0] === 'string';
}

/** The listed colours as 24-bit integers (0xrrggbb). */
export function colourKeys(colours: readonly string[]): Set<number> {
  return new Set(colours.map((c) => Number.parseInt(c.slice(1), 16)));
}

/**
 * The 8-bit lookup a grey or palette-index mask is read through: lut[v] = 1 for each listed value
 * below 256, or, for colours, for each grey level v whose colour (v, v, v) is listed.
 */
export function foregroundLut(foreground: Foreground): Uint8Array {
  const lut = new Uint8Array(256);
  if (namesColours(foreground)) {
    const keys = colourKeys(foreground);
    for (let v = 0; v < 256; v++) lut[v] = keys.has(v * 0x10101) ? 1 : 0;
    return lut;
  }
  for (const v of foreground) if (v < 256) lut[v] = 1;
  return lut;
}
