// What the main thread and the prediction tasks in worker.ts share: the byte layout of the
// prediction slots inside one SharedArrayBuffer, and the task and result messages. A slot holds
// one image from decode to its csv row: the resized RGB bytes the workers write, then the
// float32 probabilities the main thread writes back after the model call. With guided upsampling
// the decode task also writes the guide: the image again, at guideSize (at most GUIDE_SCALE times
// the model's size a side), for the finish task to snap the mask's outline to.
//
//   slot:  [ pixels: H*W*3 uint8 ][ guide: (4H)*(4W)*3 uint8, or none ][ probabilities: H*W float32 ]
//          (each part padded to 64 bytes)
//   owner:   decode task (worker) -> batch (main) -> model output (main) -> finish task (worker)

import { GUIDE_SCALE } from '@maskflow/preprocess';

/** How the workers bring an image to the model's size. */
export type PredictResize = 'pipeline' | 'exact';

/** How the finish task brings the probabilities to the image's size: snapped to the image's edges ('guided') or 'bilinear'. */
export type PredictUpsample = (typeof PREDICT_UPSAMPLES)[number];

/** The upsampling methods, the default first: where options and CLI flags are checked. */
export const PREDICT_UPSAMPLES = ['guided', 'bilinear'] as const;

/** Byte layout of the prediction slots. */
export interface PredictSlotLayout {
  slots: number;
  height: number;
  width: number;
  /** Bytes of a slot's pixel part (H*W*3, padded to 64 so the next part is aligned). */
  pixelBytes: number;
  /** Bytes of a slot's guide part: room for the largest guide, or 0 without guided upsampling. */
  guideBytes: number;
  slotBytes: number;
  totalBytes: number;
}

const padded = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/** Lay out `slots` slots for a model input of `height` x `width`, with room for a guide when `guided`. */
export function predictSlotLayout(slots: number, height: number, width: number, guided = false): PredictSlotLayout {
  const pixelBytes = padded(height * width * 3);
  const guideBytes = guided ? padded(height * GUIDE_SCALE * width * GUIDE_SCALE * 3) : 0;
  const slotBytes = pixelBytes + guideBytes + padded(height * width * 4);
  return { slots, height, width, pixelBytes, guideBytes, slotBytes, totalBytes: slots * slotBytes };
}

/** Byte offset of `slot`'s resized RGB pixels. */
export function slotPixelsOffset(layout: PredictSlotLayout, slot: number): number {
  return slot * layout.slotBytes;
}

/** Byte offset of `slot`'s guide (RGB at the size its decode result names). */
export function slotGuideOffset(layout: PredictSlotLayout, slot: number): number {
  return slot * layout.slotBytes + layout.pixelBytes;
}

/** Byte offset of `slot`'s float32 probabilities (a multiple of 4). */
export function slotProbabilitiesOffset(layout: PredictSlotLayout, slot: number): number {
  return slot * layout.slotBytes + layout.pixelBytes + layout.guideBytes;
}

/** Decode `path`, resize it to the layout's size and write the RGB bytes into `slot` (and its guide, if the layout has room for one). */
export interface PredictDecodeTask {
  buffer: SharedArrayBuffer;
  layout: PredictSlotLayout;
  slot: number;
  path: string;
  resize: PredictResize;
}

/** A decoded image's own size (and its guide's, [0, 0] without one), or why it could not be decoded; `ms`: the thread's busy time. */
export type PredictDecodeResult =
  | { ok: true; sourceWidth: number; sourceHeight: number; guideWidth: number; guideHeight: number; ms: number }
  | { ok: false; file: string; reason: string; ms: number };

/** Upsample `slot`'s probabilities to the image's size (guided by the slot's guide when `guide` names its size), threshold, run-length encode, and write a mask PNG if `maskPng` names one. */
export interface PredictFinishTask {
  buffer: SharedArrayBuffer;
  layout: PredictSlotLayout;
  slot: number;
  sourceWidth: number;
  sourceHeight: number;
  /** The guide's [height, width] in the slot, or undefined for bilinear upsampling. */
  guide: [number, number] | undefined;
  threshold: number;
  maskPng: string | undefined;
}

/** One image's Kaggle RLE and how many of its pixels are in the mask. */
export interface PredictFinishResult {
  rle: string;
  foreground: number;
  ms: number;
}
