// What the main thread and worker.ts share: the task and result messages, and the byte
// offsets of the ring buffer and decode cache inside their SharedArrayBuffers. Both sides
// import this file, so an offset can never disagree between them.
import type { Foreground } from './decode/foreground.js';

/** Augmentation settings as the workers receive them (already validated). */
export interface AugmentSettings {
  /** Maximum hue shift as a fraction of the colour circle, in [0, 0.5]. */
  hueDelta: number;
  /** Horizontal flip with probability 0.5. */
  hflip: boolean;
  /** Vertical flip with probability 0.5 (absent: off). */
  vflip?: boolean;
  /** Maximum translation as fractions of [width, height]. */
  shift: [number, number];
  /** Maximum zoom: factors in [1 - scale, 1 + scale]. */
  scale: number;
  /** Maximum rotation about the centre in degrees: angles uniform in [-rotate, rotate] (absent: 0). */
  rotate?: number;
  /** Maximum area-keeping stretch: width times a factor in [1 - stretch, 1 + stretch], height divided by it (absent: 0). */
  stretch?: number;
  /** Maximum brightness change: factors in [1 - brightness, 1 + brightness]. */
  brightness: number;
  /** Probability of an occluder box per sample (absent: 0). */
  occlude?: number;
  /** Maximum contrast change: factors in [1 - contrast, 1 + contrast] (absent: 0). */
  contrast?: number;
  /** Maximum saturation change: factors in [1 - saturation, 1 + saturation] (absent: 0). */
  saturation?: number;
  /** Probability of a decoy per sample: a piece of the object copied onto the background, mask unchanged (absent: 0). */
  decoy?: number;
  /** Probability of blotches per sample: patches of one colour painted over part of the object, mask unchanged (absent: 0). */
  blotch?: number;
  /** Probability per sample of a window band on the object showing the background beside it, mask unchanged (absent: 0). */
  seeThrough?: number;
  /** Probability per sample of a Gaussian blur of the image, mask unchanged (absent: 0). */
  blur?: number;
  /** Probability per sample of another sample's object of the batch pasted onto it, mask included (absent: 0; applied per batch, see augment/paste.ts). */
  paste?: number;
  /** Probability per sample of its background replaced by another sample's of the batch where neither object is (absent: 0; applied per batch, see augment/swapBackground.ts). */
  swapBackground?: number;
}

/** Where masks come from: the csv RLE when a sample has one (`auto`) or always the mask file. */
export type MaskSource = 'auto' | 'file';

/** Byte layout of the ring buffer: a header of Int32 slot words, then the slots. */
export interface RingLayout {
  slots: number;
  batchSize: number;
  height: number;
  width: number;
  /** Bytes before the first slot: HEADER_INTS_PER_SLOT Int32 words per slot, padded to 64. */
  headerBytes: number;
  /** Bytes of one slot: batchSize images (H*W*3) followed by batchSize masks (H*W). */
  slotBytes: number;
  totalBytes: number;
}

/** Int32 words per slot in the ring header: [state, generation]. */
export const HEADER_INTS_PER_SLOT = 2;

/** Lay out `slots` slots of `batchSize` samples of `height` x `width`. */
export function ringLayout(slots: number, batchSize: number, height: number, width: number): RingLayout {
  const headerBytes = Math.ceil((slots * HEADER_INTS_PER_SLOT * 4) / 64) * 64;
  const slotBytes = Math.ceil((batchSize * height * width * 4) / 64) * 64;
  return { slots, batchSize, height, width, headerBytes, slotBytes, totalBytes: headerBytes + slots * slotBytes };
}

/** Byte offset of the image at `position` in `slot` (images of a slot are contiguous). */
export function slotImageOffset(layout: RingLayout, slot: number, position: number): number {
  return layout.headerBytes + slot * layout.slotBytes + position * layout.height * layout.width * 3;
}

/** Byte offset of the mask at `position` in `slot` (masks follow the slot's images). */
export function slotMaskOffset(layout: RingLayout, slot: number, position: number): number {
  const pixels = layout.height * layout.width;
  return layout.headerBytes + slot * layout.slotBytes + layout.batchSize * pixels * 3 + position * pixels;
}

/** Byte layout of the decode cache: one Int32 state per sample (see decodeCache.ts), then one entry per sample. */
export interface CacheLayout {
  samples: number;
  height: number;
  width: number;
  headerBytes: number;
  /** Bytes of one entry: the resized image (H*W*3) then its mask (H*W). */
  entryBytes: number;
  totalBytes: number;
}

/** Lay out a cache of `samples` entries at `height` x `width`. */
export function cacheLayout(samples: number, height: number, width: number): CacheLayout {
  const headerBytes = Math.ceil((samples * 4) / 64) * 64;
  const entryBytes = height * width * 4;
  return { samples, height, width, headerBytes, entryBytes, totalBytes: headerBytes + samples * entryBytes };
}

/** Byte offset of sample `index`'s cached image; its mask follows at + H*W*3. */
export function cacheEntryOffset(layout: CacheLayout, index: number): number {
  return layout.headerBytes + index * layout.entryBytes;
}

/** Everything a worker needs once, passed as piscina's workerData (SharedArrayBuffers are shared, not copied). */
export interface WorkerConfig {
  ring: SharedArrayBuffer;
  ringLayout: RingLayout;
  cache: SharedArrayBuffer | undefined;
  cacheLayout: CacheLayout | undefined;
  seed: number;
  augment: AugmentSettings | false;
  maskSource: MaskSource;
  /** The mask values that are the object (LoaderOptions.foreground). */
  foreground: Foreground | undefined;
}

/** One sample to decode, augment and write into `slot` at `position`. */
export interface SampleTask {
  index: number;
  epoch: number;
  slot: number;
  position: number;
  id: string;
  imagePath: string;
  maskPath: string | undefined;
  rle: string | undefined;
}

/** What a sample's mask held before augmentation: no object pixel, only object pixels, or both. */
export type MaskCoverage = 'empty' | 'full' | 'some';

/** The outcome of a task: written, or a bad sample naming the file and the cause; `ms`: the thread's busy time on it. */
export type SampleResult =
  | { ok: true; cacheHit: boolean; maskFrom: 'rle' | 'file'; coverage: MaskCoverage; ms: number }
  | { ok: false; file: string; reason: string; ms: number };
