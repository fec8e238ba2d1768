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

/** Decode, augment and write one sample into its ring slot; bad input comes back as { ok: false }. */
export default function run(task: SampleTask): Promise<SampleResult> {
  return processSample(context, task);
}
