// The only file that runs inside a piscina worker thread. It builds views over the shared
// ring buffer and decode cache once, from workerData, then serves one sample per task.
import sharp from 'sharp';
import { workerData } from 'piscina';
import { createSampleContext, processSample } from './processSample.js';
import type { SampleResult, SampleTask, WorkerConfig } from './protocol.js';

// Each worker thread is one unit of parallelism: libvips' own thread pool would only
// oversubscribe the cores the pool already uses, and its operation cache only holds memory.
sharp.concurrency(1);
sharp.cache(false);

const context = createSampleContext(workerData as WorkerConfig);

/**
 * Decode, augment and write samples (a share of one batch) into their ring slot positions, one
 * after another; bad input comes back as { ok: false }. One message per share, not per sample,
 * keeps the main thread's cost per image low when the cache makes samples cheap.
 */
export default async function run(tasks: SampleTask[]): Promise<SampleResult[]> {
  const results: SampleResult[] = [];
  for (const task of tasks) results.push(await processSample(context, task));
  return results;
}

export { decodeForPredict, finishPredict } from './predictTasks.js';
