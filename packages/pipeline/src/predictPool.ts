// The main thread's side of batch prediction: one SharedArrayBuffer of prediction slots
// (predictProtocol.ts) and a piscina pool running the tasks of predictTasks.ts. The caller owns
// the slots: it decides which slot an image goes to and must not reuse a slot before that image's
// finish() has settled (the workers read and write the slot until then).
import { checkChoice, checkInteger, checkSize } from '@maskflow/errors';
import { PREDICT_UPSAMPLES, predictSlotLayout, slotPixelsOffset, slotProbabilitiesOffset } from './predictProtocol.js';
import type { PredictDecodeResult, PredictFinishResult, PredictResize, PredictSlotLayout, PredictUpsample } from './predictProtocol.js';
import { createWorkerPool } from './workerPool.js';

/** Options of createPredictPool. */
export interface PredictPoolOptions {
  /** Worker threads (>= 1). */
  threads: number;
  /** The model's input [height, width]. */
  size: [number, number];
  /** Slots: images that can be between decode and csv row at once (>= 1). */
  slots: number;
  /** 'pipeline' (default): resize as the training loader does; 'exact': as @maskflow/preprocess does. */
  resize?: PredictResize;
  /** 'guided' (default): snap the mask's outline to the image's edges; 'bilinear': plain upsampling. */
  upsample?: PredictUpsample;
}

/** A decode that succeeded: what finish() needs to know about the image. */
export type PredictDecoded = Extract<PredictDecodeResult, { ok: true }>;

/** A worker pool and the shared slots batch prediction cycles through. */
export interface PredictPool {
  readonly layout: PredictSlotLayout;
  /** Decode `path` into `slot` at the model's size; bad input resolves to { ok: false }. */
  decode(slot: number, path: string): Promise<PredictDecodeResult>;
  /** `slot`'s resized RGB bytes (a view into shared memory; valid until the slot is reused). */
  pixels(slot: number): Uint8Array;
  /** `slot`'s probability plane, for the caller to fill with the model's output before finish(). */
  probabilities(slot: number): Float32Array;
  /** Mask, RLE and (if `maskPng`) the mask PNG, at its own size, for the image `decoded` into `slot`. */
  finish(slot: number, decoded: PredictDecoded, threshold: number, maskPng?: string): Promise<PredictFinishResult>;
  destroy(): Promise<void>;
}

/** Start `threads` workers and allocate `slots` prediction slots for a model input of `size`. */
export function createPredictPool(options: PredictPoolOptions): PredictPool {
  const threads = checkInteger('threads', options.threads, 1, 256);
  const slots = checkInteger('slots', options.slots, 1, 1 << 16);
  const [height, width] = checkSize('size', options.size);
  const resize = checkChoice('resize', options.resize ?? 'pipeline', ['pipeline', 'exact'] as const);
  const guided = checkChoice('upsample', options.upsample ?? 'guided', PREDICT_UPSAMPLES) === 'guided';
  const layout = predictSlotLayout(slots, height, width, guided);
  const buffer = new SharedArrayBuffer(layout.totalBytes);
  // worker.ts builds its (unused here) sample context from workerData at start-up; an empty
  // config gives it empty views. The slots travel with each task (shared, not copied).
  const pool = createWorkerPool({ threads, workerData: {} });
  const pixelCount = height * width;
  return {
    layout,
    decode: (slot, path) => pool.run({ buffer, layout, slot, path, resize }, { name: 'decodeForPredict' }) as Promise<PredictDecodeResult>,
    pixels: (slot) => new Uint8Array(buffer, slotPixelsOffset(layout, slot), pixelCount * 3),
    probabilities: (slot) => new Float32Array(buffer, slotProbabilitiesOffset(layout, slot), pixelCount),
    finish: (slot, decoded, threshold, maskPng) => {
      const guide: [number, number] | undefined = guided ? [decoded.guideHeight, decoded.guideWidth] : undefined;
      const task = { buffer, layout, slot, sourceHeight: decoded.sourceHeight, sourceWidth: decoded.sourceWidth, guide, threshold, maskPng };
      return pool.run(task, { name: 'finishPredict' }) as Promise<PredictFinishResult>;
    },
    destroy: () => pool.destroy(),
  };
}
