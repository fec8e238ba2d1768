import { checkBoolean, checkChoice, checkInteger, checkNumber, checkSize, OptionRangeError, OptionTypeError } from '@maskflow/errors';
import type { ResourceLimits } from 'node:worker_threads';
import type { Sample } from '@maskflow/datasets';
import { DEFAULT_CACHE_LIMIT_BYTES, estimateCacheBytes, formatBytes } from './decodeCache.js';
import { checkForeground, type Foreground } from './decode/foreground.js';
import type { AugmentSettings, MaskSource } from './protocol.js';

/** Training augmentation; every operation is off unless set. */
export interface AugmentOptions {
  /** Maximum hue shift, a fraction of the colour circle in [0, 0.5] (tutorial: 0.1). */
  hueDelta?: number;
  /** Flip image and mask left-right together with probability 0.5. */
  hflip?: boolean;
  /** Flip image and mask upside down together with probability 0.5, for pictures with no up (microscopy, aerial, medical; Keras vertical_flip; not in the tutorial). */
  vflip?: boolean;
  /** Maximum translation as fractions [width, height] in [0, 1] (tutorial: [0.1, 0.1]). */
  shift?: [number, number];
  /** Maximum zoom about the centre, in [0, 0.9]: factors uniform in [1 - scale, 1 + scale] (not in the tutorial). */
  scale?: number;
  /** Maximum rotation about the centre in degrees, in [0, 180]: angles uniform in [-rotate, rotate] (Keras rotation_range; not in the tutorial). */
  rotate?: number;
  /** Maximum area-keeping stretch, in [0, 0.9]: width times a factor uniform in [1 - stretch, 1 + stretch], height divided by it (not in the tutorial). */
  stretch?: number;
  /** Maximum brightness change, in [0, 1]: pixels times a factor uniform in [1 - brightness, 1 + brightness] (not in the tutorial). */
  brightness?: number;
  /** Probability in [0, 1] of a box of one colour painted in front of the scene and cut out of the mask (not in the tutorial). */
  occlude?: number;
  /** Maximum contrast change, in [0, 1]: each channel scaled about its mean by a factor uniform in [1 - contrast, 1 + contrast] (not in the tutorial). */
  contrast?: number;
  /** Maximum saturation change, in [0, 1]: each pixel scaled about its grey by a factor uniform in [1 - saturation, 1 + saturation] (not in the tutorial). */
  saturation?: number;
  /** Probability in [0, 1] of a piece of the object's own pixels copied onto the background with the mask unchanged, a hard negative (not in the tutorial). */
  decoy?: number;
  /** Probability in [0, 1] of patches of one random colour painted over part of the object with the mask unchanged, a camouflage-like pattern (not in the tutorial). */
  blotch?: number;
  /** Probability in [0, 1] of a window band across the object's upper part showing the background beside it, the mask unchanged, as glass shows what is behind (not in the tutorial). */
  seeThrough?: number;
  /** Probability in [0, 1] of a Gaussian blur of the image (sigma 0.3-1.2 px), the mask kept sharp, so fine texture is not all the model learns from (not in the tutorial). */
  blur?: number;
  /** Probability in [0, 1] of another object of the same batch cut out along its mask, rescaled, mirrored and pasted onto the sample, its mask added (copy-paste; not in the tutorial). */
  paste?: number;
  /** Probability in [0, 1] of the sample's background replaced by another sample's of the same batch wherever neither object is, the mask unchanged (not in the tutorial). */
  swapBackground?: number;
}

/** Options of createLoader; only `samples` and `size` are required. */
export interface LoaderOptions {
  samples: readonly Sample[];
  /** Output [height, width] in pixels, positive integers. */
  size: [number, number];
  /** Samples per batch (default 8). */
  batchSize?: number;
  /** Worker threads (default 2); 0 decodes on the calling thread, one sample at a time, with no pool. */
  threads?: number;
  /** Batches prepared ahead of the consumer (default 4); the ring has prefetch + 2 slots. */
  prefetch?: number;
  /** Seed of the shuffle and of every augmentation draw (default 0). */
  seed?: number;
  /** Shuffle the order every epoch (default true). */
  shuffle?: boolean;
  /** Augmentation settings, or false for validation data: resize only (default false). */
  augment?: AugmentOptions | false;
  /** 'memory' keeps the resized, un-augmented samples of the first pass in shared memory (default 'none'). */
  cache?: 'none' | 'memory';
  /** Refuse cache: 'memory' above this many bytes (default 4 GiB). */
  cacheLimitBytes?: number;
  /** 'auto': csv RLE when the sample has one, else the mask file; 'file': always the file (default 'auto'). */
  maskSource?: MaskSource;
  /** The mask values that are the object, for a label map (Oxford-IIIT Pet's trimap: [1, 3]); default: any non-zero value. */
  foreground?: Foreground;
  /** 'error': the iterator throws naming the file; 'skip': leave the sample out and count it (default 'error'). */
  onBadSample?: 'error' | 'skip';
  /** Drop a last batch smaller than batchSize (default false: the last batch may be partial). */
  dropRemainder?: boolean;
  /** Times a sample is retried after its worker died (default 1), before it counts as bad. */
  retries?: number;
  /** Memory limits of each worker thread (worker_threads resourceLimits); a worker exceeding them is replaced. */
  workerResourceLimits?: ResourceLimits;
}

/** LoaderOptions with every default filled in and checked. */
export interface ResolvedOptions {
  samples: readonly Sample[];
  size: [number, number];
  batchSize: number;
  threads: number;
  prefetch: number;
  seed: number;
  shuffle: boolean;
  augment: AugmentSettings | false;
  cache: 'none' | 'memory';
  cacheLimitBytes: number;
  maskSource: MaskSource;
  foreground: Foreground | undefined;
  onBadSample: 'error' | 'skip';
  dropRemainder: boolean;
  retries: number;
  workerResourceLimits: ResourceLimits | undefined;
}

/**
 * The bounds the loader accepts for its numeric options, [min, max]; callers that check earlier
 * (the trainer's option schema) use these so both agree.
 */
export const LOADER_LIMITS = Object.freeze({
  batchSize: [1, 65536],
  threads: [0, 256],
  prefetch: [1, 1024],
  retries: [0, 10],
  hueDelta: [0, 0.5],
  shift: [0, 1],
  scale: [0, 0.9],
  rotate: [0, 180],
  stretch: [0, 0.9],
  brightness: [0, 1],
  occlude: [0, 1],
  contrast: [0, 1],
  saturation: [0, 1],
  decoy: [0, 1],
  blotch: [0, 1],
  seeThrough: [0, 1],
  blur: [0, 1],
  paste: [0, 1],
  swapBackground: [0, 1],
} as const satisfies Record<string, readonly [number, number]>);

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  return value === undefined ? fallback : checkChoice(name, value, allowed);
}

function bool(name: string, value: unknown, fallback: boolean): boolean {
  return value === undefined ? fallback : checkBoolean(name, value);
}

function integer(name: keyof typeof LOADER_LIMITS, value: unknown, fallback: number): number {
  const [min, max] = LOADER_LIMITS[name];
  return value === undefined ? fallback : checkInteger(name, value, min, max);
}

function resolveAugment(value: unknown): AugmentSettings | false {
  if (value === undefined || value === false) return false;
  if (typeof value !== 'object' || value === null) throw new OptionTypeError('augment', 'an object { hueDelta, hflip, vflip, shift, scale, rotate, stretch, brightness, occlude, contrast, saturation, decoy, blotch, seeThrough, blur, paste, swapBackground } or false', value);
  const a = value as AugmentOptions;
  const hueDelta = a.hueDelta === undefined ? 0 : checkNumber('augment.hueDelta', a.hueDelta, ...LOADER_LIMITS.hueDelta);
  let shift: [number, number] = [0, 0];
  if (a.shift !== undefined) {
    if (!Array.isArray(a.shift) || a.shift.length !== 2) throw new OptionTypeError('augment.shift', 'a [width, height] pair of fractions', a.shift);
    shift = [checkNumber('augment.shift[0]', a.shift[0], ...LOADER_LIMITS.shift), checkNumber('augment.shift[1]', a.shift[1], ...LOADER_LIMITS.shift)];
  }
  const scale = a.scale === undefined ? 0 : checkNumber('augment.scale', a.scale, ...LOADER_LIMITS.scale);
  const rotate = a.rotate === undefined ? 0 : checkNumber('augment.rotate', a.rotate, ...LOADER_LIMITS.rotate);
  const stretch = a.stretch === undefined ? 0 : checkNumber('augment.stretch', a.stretch, ...LOADER_LIMITS.stretch);
  const brightness = a.brightness === undefined ? 0 : checkNumber('augment.brightness', a.brightness, ...LOADER_LIMITS.brightness);
  const occlude = a.occlude === undefined ? 0 : checkNumber('augment.occlude', a.occlude, ...LOADER_LIMITS.occlude);
  const contrast = a.contrast === undefined ? 0 : checkNumber('augment.contrast', a.contrast, ...LOADER_LIMITS.contrast);
  const saturation = a.saturation === undefined ? 0 : checkNumber('augment.saturation', a.saturation, ...LOADER_LIMITS.saturation);
  const decoy = a.decoy === undefined ? 0 : checkNumber('augment.decoy', a.decoy, ...LOADER_LIMITS.decoy);
  const blotch = a.blotch === undefined ? 0 : checkNumber('augment.blotch', a.blotch, ...LOADER_LIMITS.blotch);
  const seeThrough = a.seeThrough === undefined ? 0 : checkNumber('augment.seeThrough', a.seeThrough, ...LOADER_LIMITS.seeThrough);
  const blur = a.blur === undefined ? 0 : checkNumber('augment.blur', a.blur, ...LOADER_LIMITS.blur);
  const paste = a.paste === undefined ? 0 : checkNumber('augment.paste', a.paste, ...LOADER_LIMITS.paste);
  const swapBackground = a.swapBackground === undefined ? 0 : checkNumber('augment.swapBackground', a.swapBackground, ...LOADER_LIMITS.swapBackground);
  return { hueDelta, hflip: bool('augment.hflip', a.hflip, false), vflip: bool('augment.vflip', a.vflip, false), shift, scale, rotate, stretch, brightness, occlude, contrast, saturation, decoy, blotch, seeThrough, blur, paste, swapBackground };
}

/** Check every option, fill defaults, and refuse a memory cache above cacheLimitBytes. */
export function resolveOptions(options: LoaderOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new OptionTypeError('options', 'an object', options);
  const { samples } = options;
  if (!Array.isArray(samples)) throw new OptionTypeError('samples', 'an array of { id, imagePath, maskPath?, rle? }', samples);
  samples.forEach((s: Sample, i) => {
    if (typeof s !== 'object' || s === null || typeof s.imagePath !== 'string') {
      throw new OptionTypeError(`samples[${i}]`, 'a sample with a string imagePath', s);
    }
  });
  const size = checkSize('size', options.size);
  const cache = oneOf('cache', options.cache, ['none', 'memory'], 'none');
  const cacheLimitBytes = options.cacheLimitBytes === undefined ? DEFAULT_CACHE_LIMIT_BYTES : checkInteger('cacheLimitBytes', options.cacheLimitBytes, 0);
  if (cache === 'memory') {
    const need = estimateCacheBytes(samples.length, size);
    if (need > cacheLimitBytes) {
      throw new OptionRangeError(
        'cacheLimitBytes',
        `a limit of at least ${formatBytes(need)}`,
        cacheLimitBytes,
        `cache: 'memory' needs ${formatBytes(need)} for ${samples.length} samples at ${size[0]}x${size[1]} ` +
          `(H*W*4 bytes each); ` +
          `raise cacheLimitBytes, use a smaller size, or use cache: 'none'`,
      );
    }
  }
  const seed = options.seed === undefined ? 0 : options.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new OptionTypeError('seed', 'a safe integer', seed);
  const limits = options.workerResourceLimits;
  if (limits !== undefined && (typeof limits !== 'object' || limits === null)) throw new OptionTypeError('workerResourceLimits', 'an object', limits);
  return {
    samples,
    size,
    batchSize: integer('batchSize', options.batchSize, 8),
    threads: integer('threads', options.threads, 2),
    prefetch: integer('prefetch', options.prefetch, 4),
    seed,
    shuffle: bool('shuffle', options.shuffle, true),
    augment: resolveAugment(options.augment),
    cache,
    cacheLimitBytes,
    maskSource: oneOf('maskSource', options.maskSource, ['auto', 'file'], 'auto'),
    foreground: checkForeground('foreground', options.foreground),
    onBadSample: oneOf('onBadSample', options.onBadSample, ['error', 'skip'], 'error'),
    dropRemainder: bool('dropRemainder', options.dropRemainder, false),
    retries: integer('retries', options.retries, 1),
    workerResourceLimits: limits,
  };
}
