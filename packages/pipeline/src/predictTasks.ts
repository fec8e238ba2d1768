// The prediction tasks. They run inside the worker threads (worker.ts re-exports them; piscina
// calls them by name), never on the main thread, which only runs the model.
import { readFile } from 'node:fs/promises';
import { guideSize, refineProbabilities, resizeImage } from '@maskflow/preprocess';
import sharp from 'sharp';
import { decodeImageBytes } from './decodeImage.js';
import { DecodeError } from './errors.js';
import { probabilitiesToRle } from './probabilitiesToRle.js';
import { slotGuideOffset, slotPixelsOffset, slotProbabilitiesOffset } from './predictProtocol.js';
import type { PredictDecodeResult, PredictDecodeTask, PredictFinishResult, PredictFinishTask } from './predictProtocol.js';

/**
 * Read and decode one image into its slot at the model's size, and, when the layout has room for
 * one, its guide at guideSize. 'pipeline' resizes as the training loader does (sharp,
 * shrink-on-load, bilinear: the guide is a second shrink-on-load decode); 'exact' decodes at full
 * size once and resizes both with @maskflow/preprocess, as the per-image predict and the browser
 * demo do. Never throws.
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
    const full = { width: decoded.width, height: decoded.height, data: decoded.data, channels: 3 as const };
    const pixels = task.resize === 'pipeline' ? decoded.data : resizeImage(full, size).data;
    new Uint8Array(task.buffer, slotPixelsOffset(layout, task.slot), layout.height * layout.width * 3).set(pixels);
    let [guideHeight, guideWidth] = [0, 0];
    if (layout.guideBytes > 0) {
      [guideHeight, guideWidth] = guideSize(size, [decoded.sourceHeight, decoded.sourceWidth]);
      const guide = task.resize === 'pipeline' ? (await decodeImageBytes(bytes, [guideHeight, guideWidth], task.path)).data : resizeImage(full, [guideHeight, guideWidth]).data;
      new Uint8Array(task.buffer, slotGuideOffset(layout, task.slot), guide.length).set(guide);
    }
    return { ok: true, sourceWidth: decoded.sourceWidth, sourceHeight: decoded.sourceHeight, guideWidth, guideHeight, ms: performance.now() - started };
  } catch (error) {
    const reason = error instanceof DecodeError ? error.reason : (error as Error).message;
    return { ok: false, file: task.path, reason, ms: performance.now() - started };
  }
}

/**
 * The RLE of the 0/1 mask at the image's own size from the slot's probabilities, and the mask PNG
 * (0/255 greyscale) when asked. With a guide, the probabilities are first refined at the guide's
 * size (refineProbabilities); then bilinear upsampling and `> threshold`, bit for bit what
 * @maskflow/preprocess's maskFromProbabilities gives (see probabilitiesToRle.ts).
 */
export async function finishPredict(task: PredictFinishTask): Promise<PredictFinishResult> {
  const started = performance.now();
  const { layout } = task;
  const modelSize: [number, number] = [layout.height, layout.width];
  let probabilities: Float32Array = new Float32Array(task.buffer, slotProbabilitiesOffset(layout, task.slot), layout.height * layout.width);
  let from = modelSize;
  if (task.guide !== undefined) {
    const [height, width] = task.guide;
    const guide = { width, height, data: new Uint8Array(task.buffer, slotGuideOffset(layout, task.slot), width * height * 3) };
    probabilities = refineProbabilities(probabilities, modelSize, guide);
    from = task.guide;
  }
  const { rle, foreground, mask } = probabilitiesToRle(probabilities, from, [task.sourceHeight, task.sourceWidth], task.threshold, task.maskPng !== undefined);
  if (task.maskPng !== undefined && mask !== undefined) {
    for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] as number) * 255;
    await sharp(mask, { raw: { width: task.sourceWidth, height: task.sourceHeight, channels: 1 } }).toColourspace('b-w').png().toFile(task.maskPng);
  }
  return { rle, foreground, ms: performance.now() - started };
}
