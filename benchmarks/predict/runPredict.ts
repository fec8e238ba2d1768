/**
 * One measured prediction in a fresh process (so peak RSS is this run's alone): argv[2] is JSON
 * { path: 'per-image' | 'batch', model, inputs, out, masks, batchSize, threads, upsample }; prints one JSON line.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '@maskflow/model';
import { predict, predictFolder } from '@maskflow/trainer';

// As the CLI does: no tfjs console banner in the measured runs.
tf.enableProdMode();

interface Job {
  path: 'per-image' | 'batch';
  model: string;
  inputs: string[];
  out: string;
  masks: boolean;
  batchSize: number;
  threads: number;
  upsample: 'guided' | 'bilinear';
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const started = performance.now();
let images: number;
let timings: unknown;
if (job.path === 'per-image') {
  // Today's path: decode, batch-1 model call, resize, threshold, PNG and RLE per image on the main thread.
  const result = await predict({ model: job.model, inputs: job.inputs, output: join(job.out, 'masks'), rleCsv: join(job.out, 'submission.csv'), upsample: job.upsample });
  images = result.files.length;
} else {
  const summary = await predictFolder({
    model: job.model,
    inputs: job.inputs,
    csv: join(job.out, 'submission.csv'),
    ...(job.masks ? { masks: join(job.out, 'masks') } : {}),
    batchSize: job.batchSize,
    threads: job.threads,
    upsample: job.upsample,
    env: {},
  });
  images = summary.written;
  timings = summary.timings;
}
const seconds = (performance.now() - started) / 1000;
const usage = process.resourceUsage();
const csvBytesPerRow = statSync(join(job.out, 'submission.csv')).size / Math.max(1, images);
process.stdout.write(`${JSON.stringify({ images, csvBytesPerRow, seconds, imagesPerSecond: images / seconds, peakRssBytes: usage.maxRSS * 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, timings })}\n`);
