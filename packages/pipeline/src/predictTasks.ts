// The prediction tasks. They run inside the worker threads (worker.ts re-exports them; piscina
// calls them by name), never on the main thread, which only runs the model.
import { readFile } from 'node:fs/promises';
import { resizeImage } from '@maskflow/preprocess';
import sharp from 'sharp';
import { decodeImageBytes } from './decodeImage.js';
import { DecodeError } from './errors.js';
import { probabilitiesToRle } from './probabilitiesToRle.js';
import { slotPixelsOffset, slotProbabilitiesOffset } from './predictProtocol.js';
import type { PredictDecodeResult, PredictDecodeTask, PredictFinishResult, PredictFinishTask } from './predictProtocol.js';

/**
 * Read and decode one image into its slot at the model's size. 'pipeline' resizes as the training
 * loader does (sharp, shrink-on-load, bilinear); 'exact' decodes at full size and resizes with
 * @maskflow/preprocess, as the old per-image predict and the browser demo do. Never throws.
 */
export async function decodeForPredict(task: PredictDecodeTask): Promise<PredictDecodeResult> {
  const started = performance.now();
  const { layout } = task;
  try {
    let bytes: Buffer;
    try {
      bytes = await readFile(task.path);
    } catch (error) {
      return { ok: false, file: task.path, reason: `cannot be read (${(error as Error).message})`, ms: performance.now() - started };
    }
    const size: [number, number] = [layout.height, layout.width];
    const decoded = await decodeImageBytes(bytes, task.resize === 'pipeline' ? size : undefined, task.path);
    const pixels = task.resize === 'pipeline' ? decoded.data : resizeImage({ width: decoded.width, height: decoded.height, data: decoded.data, channels: 3 }, size).data;
    new Uint8Array(task.buffer, slotPixelsOffset(layout, task.slot), layout.height * layout.width * 3).set(pixels);
    return { ok: true, sourceWidth: decoded.sourceWidth, sourceHeight: decoded.sourceHeight, ms: performance.now() - started };
  } catch (error) {
    const reason = error instanceof DecodeError ? error.reason : (error as Error).message;
    return { ok: false, file: task.path, reason, ms: performance.now() - started };
  }
}

/**
 * The RLE of the 0/1 mask at the image's own size from the slot's probabilities (bilinear
 * upsampling, then `> threshold`: the old predict's masks, see probabilitiesToRle.ts), and the
 * mask PNG (0/255 greyscale) when asked.
 */
export async function finishPredict(task: PredictFinishTask): Promise<PredictFinishResult> {
  const started = performance.now();
  const { layout } = task;
  const probabilities = new Float32Array(task.buffer, slotProbabilitiesOffset(layout, task.slot), layout.height * layout.width);
  const { rle, foreground, mask } = probabilitiesToRle(probabilities, [layout.height, layout.width], [task.sourceHeight, task.sourceWidth], task.threshold, task.maskPng !== undefined);
  if (task.maskPng !== undefined && mask !== undefined) {
    for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] as number) * 255;
    await sharp(mask, { raw: { width: task.sourceWidth, height: task.sourceHeight, channels: 1 } }).toColourspace('b-w').png().toFile(task.maskPng);
  }
  return { rle, foreground, ms: performance.now() - started };
}
