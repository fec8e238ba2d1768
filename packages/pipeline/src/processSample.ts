import { open } from 'node:fs/promises';
import { applyAugment, drawAugment } from './augment/augmentSample.js';
import { decodeImageBytes } from './decodeImage.js';
import { decodeMaskInto } from './decodeMask.js';
import { DecodeCache } from './decodeCache.js';
import { DecodeError, FileFailure } from './errors.js';
import { slotImageOffset, slotMaskOffset } from './protocol.js';
import type { MaskCoverage, SampleResult, SampleTask, WorkerConfig } from './protocol.js';
import { sampleRng } from './randomness.js';

/** Views a thread keeps over the shared buffers named in its WorkerConfig. */
export interface SampleContext {
  config: WorkerConfig;
  ring: Uint8Array;
  cache: DecodeCache | undefined;
}

/** Build the views once per thread (worker start-up, or the loader itself when threads is 0). */
export function createSampleContext(config: WorkerConfig): SampleContext {
  const cache = config.cache && config.cacheLayout ? new DecodeCache(config.cacheLayout, config.cache) : undefined;
  return { config, ring: new Uint8Array(config.ring), cache };
}

// One growing read buffer per file role and thread, reused for every sample: a thread decodes
// one sample at a time, and sharp and the GIF parser are done with the bytes when decodeSample
// returns, so no file read allocates (page faults are expensive on these machines).
const readBuffers = { image: Buffer.alloc(0), mask: Buffer.alloc(0) };

async function read(path: string, role: 'image' | 'mask'): Promise<Uint8Array> {
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      if (readBuffers[role].length < size) readBuffers[role] = Buffer.allocUnsafe(Math.ceil(size * 1.25));
      const buffer = readBuffers[role];
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await file.read(buffer, filled, size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } finally {
      await file.close();
    }
  } catch (error) {
    throw new FileFailure(path, (error as Error).message);
  }
}

/** Decode the resized, un-augmented sample into `image` (H*W*3) and `mask` (H*W). */
async function decodeSample(ctx: SampleContext, task: SampleTask, image: Uint8Array, mask: Uint8Array): Promise<'rle' | 'file'> {
  const { height, width } = ctx.config.ringLayout;
  const useRle = ctx.config.maskSource === 'auto' && task.rle !== undefined;
  if (!useRle && task.maskPath === undefined) {
    const why = ctx.config.maskSource === 'file' ? "maskSource is 'file' but the sample has no maskPath" : 'the sample has no mask (no rle, no maskPath)';
    throw new FileFailure(task.imagePath, why);
  }
  // Read both files at once: the mask's I/O overlaps the image decode.
  const maskBytes = useRle ? undefined : read(task.maskPath as string, 'mask');
  maskBytes?.catch(() => undefined); // observed below; avoids an unhandled rejection if the image fails first
  const decoded = await decodeImageBytes(await read(task.imagePath, 'image'), [height, width], task.imagePath);
  image.set(decoded.data);
  if (useRle) {
    const rle = { rle: task.rle as string, width: decoded.sourceWidth, height: decoded.sourceHeight };
    await decodeMaskInto(rle, [height, width], () => mask, `${task.imagePath} (csv RLE mask)`);
    return 'rle';
  }
  await decodeMaskInto(await (maskBytes as Promise<Uint8Array>), [height, width], () => mask, task.maskPath, ctx.config.foreground);
  return 'file';
}

/** Whether a 0/1 mask has no object pixel, only object pixels, or both. */
function coverageOf(mask: Uint8Array): MaskCoverage {
  const first = mask[0];
  for (let i = 1; i < mask.length; i++) if (mask[i] !== first) return 'some';
  return first === 0 ? 'empty' : 'full';
}

/**
 * Decode (or read from the cache), augment, and write one sample into its ring slot position.
 * Bad input never throws: it comes back as { ok: false, file, reason }.
 */
export async function processSample(ctx: SampleContext, task: SampleTask): Promise<SampleResult> {
  const started = performance.now();
  const { ringLayout: layout, augment, seed } = ctx.config;
  const pixels = layout.height * layout.width;
  const imageAt = slotImageOffset(layout, task.slot, task.position);
  const maskAt = slotMaskOffset(layout, task.slot, task.position);
  const image = ctx.ring.subarray(imageAt, imageAt + pixels * 3);
  const mask = ctx.ring.subarray(maskAt, maskAt + pixels);
  const cache = ctx.cache;
  let cacheHit = false;
  let maskFrom: 'rle' | 'file' = task.rle !== undefined && ctx.config.maskSource === 'auto' ? 'rle' : 'file';
  try {
    const claim = cache?.claim(task.index);
    if (cache !== undefined && claim === 'ready') {
      cacheHit = true;
      image.set(cache.image(task.index));
      mask.set(cache.mask(task.index));
    } else if (cache !== undefined && claim === 'claimed') {
      // This thread owns the entry until commit() or abandon() (see decodeCache.ts).
      try {
        maskFrom = await decodeSample(ctx, task, cache.image(task.index), cache.mask(task.index));
      } catch (error) {
        cache.abandon(task.index);
        throw error;
      }
      cache.commit(task.index);
      image.set(cache.image(task.index));
      mask.set(cache.mask(task.index));
    } else {
      // No cache, or another thread is filling this entry: decode straight into the slot.
      maskFrom = await decodeSample(ctx, task, image, mask);
    }
    // Read before augmentation: a shift or zoom brings in background, so a mask that is all
    // object as drawn (a label map whose background is not 0) would no longer look full.
    const coverage = coverageOf(mask);
    if (augment !== false) {
      const draw = drawAugment(sampleRng(seed, task.epoch, task.index), augment, layout.width, layout.height);
      applyAugment(image, mask, layout.width, layout.height, draw);
    }
    return { ok: true, cacheHit, maskFrom, coverage, ms: performance.now() - started };
  } catch (error) {
    const ms = performance.now() - started;
    if (error instanceof FileFailure) return { ok: false, file: error.file, reason: error.message, ms };
    if (error instanceof DecodeError) return { ok: false, file: error.file ?? task.imagePath, reason: error.reason, ms };
    return { ok: false, file: task.imagePath, reason: (error as Error).message ?? String(error), ms };
  }
}
