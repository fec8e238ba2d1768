// What the main thread and the prediction tasks in worker.ts share: the byte layout of the
// prediction slots inside one SharedArrayBuffer, and the task and result messages. A slot holds
// one image from decode to its csv row: the resized RGB bytes the workers write, then the
// float32 probabilities the main thread writes back after the model call.
//
//   slot:  [ pixels: H*W*3 uint8, padded to 64 ][ probabilities: H*W float32 ]
//   owner:   decode task (worker) -> batch (main) -> model output (main) -> finish task (worker)

/** How the workers bring an image to the model's size. */
export type PredictResize = 'pipeline' | 'exact';

/** Byte layout of the prediction slots. */
export interface PredictSlotLayout {
  slots: number;
  height: number;
  width: number;
  /** Bytes of a slot's pixel part (H*W*3, padded to 64 so the probabilities are aligned). */
  pixelBytes: number;
  slotBytes: number;
  totalBytes: number;
}

/** Lay out `slots` slots for a model input of `height` x `width`. */
export function predictSlotLayout(slots: number, height: number, width: number): PredictSlotLayout {
  const pixelBytes = Math.ceil((height * width * 3) / 64) * 64;
  const slotBytes = pixelBytes + Math.ceil((height * width * 4) / 64) * 64;
  return { slots, height, width, pixelBytes, slotBytes, totalBytes: slots * slotBytes };
}

/** Byte offset of `slot`'s resized RGB pixels. */
export function slotPixelsOffset(layout: PredictSlotLayout, slot: number): number {
  return slot * layout.slotBytes;
}

/** Byte offset of `slot`'s float32 probabilities (a multiple of 4). */
export function slotProbabilitiesOffset(layout: PredictSlotLayout, slot: number): number {
  return slot * layout.slotBytes + layout.pixelBytes;
}

/** Decode `path`, resize it to the layout's size and write the RGB bytes into `slot`. */
export interface PredictDecodeTask {
  buffer: SharedArrayBuffer;
  layout: PredictSlotLayout;
  slot: number;
  path: string;
  resize: PredictResize;
}

/** A decoded image's own size, or why it could not be decoded; `ms`: the thread's busy time. */
export type PredictDecodeResult =
  | { ok: true; sourceWidth: number; sourceHeight: number; ms: number }
  | { ok: false; file: string; reason: string; ms: number };

/** Upsample `slot`'s probabilities to the image's size, threshold, run-length encode, and write a mask PNG if `maskPng` names one. */
export interface PredictFinishTask {
  buffer: SharedArrayBuffer;
  layout: PredictSlotLayout;
  slot: number;
  sourceWidth: number;
  sourceHeight: number;
  threshold: number;
  maskPng: string | undefined;
}

/** One image's Kaggle RLE and how many of its pixels are in the mask. */
export interface PredictFinishResult {
  rle: string;
  foreground: number;
  ms: number;
}
