/** One U-Net training configuration (the benchmark's unit) and its spelling on the command line. */

/** Shape of one U-Net training step: input side, filters, depth, batch, @maskflow/model's filter cap and encoder. */
export interface UNetConfig {
  size: number;
  baseFilters: number;
  depth: number;
  batch: number;
  /** At most this many filters at any level (buildUNet's `maxFilters`); 0 or absent: no cap. */
  maxFilters?: number;
  /** buildUNet's `encoder`: absent (or 'unet') for the tutorial's conv blocks; 'mobilenet_v2' for the CPU preset's. */
  encoder?: BenchEncoder;
}

/** The encoders a bench configuration can name. */
export type BenchEncoder = 'unet' | 'mobilenet_v2';

/** Whether `c` uses the MobileNetV2 encoder (the trainer's CPU preset) rather than the tutorial's. */
export const isMobileNetV2 = (c: UNetConfig): boolean => c.encoder === 'mobilenet_v2';

const ENCODER_SUFFIX = '-mobilenet_v2';

/** The cap as a number: 0 when there is none. */
export const capOf = (c: UNetConfig): number => c.maxFilters ?? 0;

/**
 * Parses SIZExBASExDEPTHxBATCH, or SIZExBASExDEPTHxBATCHxCAP with a filter cap, either followed by
 * `-mobilenet_v2` for the MobileNetV2 encoder (160x8x4x4x64-mobilenet_v2 is the trainer's CPU
 * preset; its depth is 4 or 5). Throws a RangeError that quotes `text` and the expected form.
 */
export function parseUNetConfig(text: string): UNetConfig {
  const mobileNet = text.endsWith(ENCODER_SUFFIX);
  const parts = (mobileNet ? text.slice(0, -ENCODER_SUFFIX.length) : text).split('x').map(Number);
  if ((parts.length !== 4 && parts.length !== 5) || parts.some((p) => !Number.isInteger(p) || p < 1)) {
    throw new RangeError(`expected SIZExBASExDEPTHxBATCH or SIZExBASExDEPTHxBATCHxCAP (positive integers), optionally followed by ${ENCODER_SUFFIX}, such as 128x16x5x4, 96x8x5x4x64 or 160x8x4x4x64${ENCODER_SUFFIX} but received '${text}'`);
  }
  const [size, baseFilters, depth, batch, maxFilters] = parts as [number, number, number, number, number | undefined];
  if (mobileNet && depth !== 4 && depth !== 5) throw new RangeError(`the MobileNetV2 encoder goes to depth 4 or 5 (stride 16 or 32) but '${text}' asks for depth ${depth}`);
  if (mobileNet && size % 2 ** depth !== 0) throw new RangeError(`the MobileNetV2 encoder at depth ${depth} needs a size divisible by ${2 ** depth} but '${text}' has ${size}`);
  return {
    size, baseFilters, depth, batch,
    ...(maxFilters === undefined ? {} : { maxFilters }),
    ...(mobileNet ? { encoder: 'mobilenet_v2' as const } : {}),
  };
}

/** The inverse of parseUNetConfig: 128x16x5x4, 96x8x5x4x64 with a cap, 160x8x4x4x64-mobilenet_v2 with the MobileNetV2 encoder. */
export const unetConfigText = (c: UNetConfig): string =>
  `${c.size}x${c.baseFilters}x${c.depth}x${c.batch}${capOf(c) > 0 ? `x${capOf(c)}` : ''}${isMobileNetV2(c) ? ENCODER_SUFFIX : ''}`;

/** For tables: `96x96 base 8 (at most 64) depth 5 batch 4`, `160x160 MobileNetV2 depth 4, base 8 (at most 64) batch 4`. */
export const unetConfigName = (c: UNetConfig): string =>
  `${c.size}x${c.size} ${isMobileNetV2(c) ? `MobileNetV2 depth ${c.depth}, ` : ''}base ${c.baseFilters}${capOf(c) > 0 ? ` (at most ${capOf(c)})` : ''}${isMobileNetV2(c) ? '' : ` depth ${c.depth}`} batch ${c.batch}`;

/** Whether two results measured the same configuration (a missing cap and 0 are the same). */
export const sameUNetConfig = (a: UNetConfig, b: UNetConfig): boolean => unetConfigText(a) === unetConfigText(b);
