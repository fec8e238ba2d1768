/** One U-Net training configuration (the benchmark's unit) and its spelling on the command line. */

/** Shape of one U-Net training step: input side, filters, depth, batch and @maskflow/model's filter cap. */
export interface UNetConfig {
  size: number;
  baseFilters: number;
  depth: number;
  batch: number;
  /** At most this many filters at any level (buildUNet's `maxFilters`); 0 or absent: no cap. */
  maxFilters?: number;
}

/** The cap as a number: 0 when there is none. */
export const capOf = (c: UNetConfig): number => c.maxFilters ?? 0;

/**
 * Parses SIZExBASExDEPTHxBATCH, or SIZExBASExDEPTHxBATCHxCAP with a filter cap (96x8x5x4x64 is
 * the trainer's CPU preset). Throws a RangeError that quotes `text` and the expected form.
 */
export function parseUNetConfig(text: string): UNetConfig {
  const parts = text.split('x').map(Number);
  if ((parts.length !== 4 && parts.length !== 5) || parts.some((p) => !Number.isInteger(p) || p < 1)) {
    throw new RangeError(`expected SIZExBASExDEPTHxBATCH or SIZExBASExDEPTHxBATCHxCAP (positive integers) such as 128x16x5x4 or 96x8x5x4x64 but received '${text}'`);
  }
  const [size, baseFilters, depth, batch, maxFilters] = parts as [number, number, number, number, number | undefined];
  return maxFilters === undefined ? { size, baseFilters, depth, batch } : { size, baseFilters, depth, batch, maxFilters };
}

/** The inverse of parseUNetConfig: 128x16x5x4, or 96x8x5x4x64 with a cap. */
export const unetConfigText = (c: UNetConfig): string =>
  `${c.size}x${c.baseFilters}x${c.depth}x${c.batch}${capOf(c) > 0 ? `x${capOf(c)}` : ''}`;

/** For tables: `96x96 base 8 (at most 64) depth 5 batch 4`. */
export const unetConfigName = (c: UNetConfig): string =>
  `${c.size}x${c.size} base ${c.baseFilters}${capOf(c) > 0 ? ` (at most ${capOf(c)})` : ''} depth ${c.depth} batch ${c.batch}`;

/** Whether two results measured the same configuration (a missing cap and 0 are the same). */
export const sameUNetConfig = (a: UNetConfig, b: UNetConfig): boolean => unetConfigText(a) === unetConfigText(b);
