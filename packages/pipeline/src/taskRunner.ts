import sharp from 'sharp';
import type { ResourceLimits } from 'node:worker_threads';
import { WorkerStartError } from './errors.js';
import { createSampleContext, processSample } from './processSample.js';
import type { SampleResult, SampleTask, WorkerConfig } from './protocol.js';
import { createWorkerPool } from './workerPool.js';

/** Runs sample tasks on a pool (or inline); a worker that throws or dies rejects the run and counts as a failure. */
export interface TaskRunner {
  /** Resolves to one result per task, in order; rejects when `signal` aborts or the worker running them fails. */
  run(tasks: SampleTask[], signal: AbortSignal): Promise<SampleResult[]>;
  /** Worker failures seen so far (a thrown or dead worker; piscina replaces each). */
  failures(): number;
  destroy(): Promise<void>;
}

/** Options of createTaskRunner. */
export interface TaskRunnerOptions {
  threads: number;
  resourceLimits: ResourceLimits | undefined;
}

/**
 * A fixed-size piscina pool (min = max threads, never idles out) whose workers get `config`
 * once as workerData, or with threads 0 an inline runner that processes one sample at a time
 * on the calling thread (processSample never throws, so it fails only on abort).
 */
export function createTaskRunner(config: WorkerConfig, options: TaskRunnerOptions): TaskRunner {
  let failures = 0;
  if (options.threads === 0) {
    // As in the workers: one libvips thread per decode, so threads 0 really is one thread of
    // decoding (libvips' setting is process-wide; the workers set the same value).
    sharp.concurrency(1);
    const context = createSampleContext(config);
    let tail: Promise<unknown> = Promise.resolve();
    return {
      run(tasks, signal) {
        const result = tail.then(async () => {
          const out: SampleResult[] = [];
          for (const task of tasks) {
            signal.throwIfAborted();
            out.push(await processSample(context, task));
          }
          return out;
        });
        tail = result.catch(() => undefined);
        return result;
      },
      failures: () => failures,
      destroy: async () => undefined,
    };
  }
  const pool = createWorkerPool({ threads: options.threads, workerData: config, resourceLimits: options.resourceLimits });
  return {
    async run(tasks, signal) {
      try {
        return (await pool.run(tasks, { signal })) as SampleResult[];
      } catch (error) {
        // Retrying is the caller's choice (batchFill.ts reruns the samples one by one); a pool
        // whose workers cannot start is not a worker failure to retry.
        if (!signal.aborted && !(error instanceof WorkerStartError)) failures++;
        throw error;
      }
    },
    failures: () => failures,
    destroy: () => pool.destroy(),
  };
}
