import { Piscina } from 'piscina';
import type { ResourceLimits } from 'node:worker_threads';
import { createSampleContext, processSample } from './processSample.js';
import type { SampleResult, SampleTask, WorkerConfig } from './protocol.js';

/** Runs sample tasks on a pool (or inline) and turns worker deaths into retries, then bad samples. */
export interface TaskRunner {
  /** Resolves to the task's result; rejects only when `signal` aborts. */
  run(task: SampleTask, signal: AbortSignal): Promise<SampleResult>;
  /** Worker failures seen so far (a thrown or dead worker; each is replaced by piscina). */
  failures(): number;
  destroy(): Promise<void>;
}

/** Options of createTaskRunner. */
export interface TaskRunnerOptions {
  threads: number;
  retries: number;
  resourceLimits: ResourceLimits | undefined;
}

function workerEntry(): { filename: string; execArgv: string[] } {
  // From source (tests, tsx) the worker is worker.ts and needs tsx's loader; built, it is worker.js.
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    filename: new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href,
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  };
}

/**
 * A fixed-size piscina pool (min = max threads, never idles out) whose workers get `config`
 * once as workerData, or with threads 0 an inline runner that processes one sample at a time
 * on the calling thread.
 */
export function createTaskRunner(config: WorkerConfig, options: TaskRunnerOptions): TaskRunner {
  let failures = 0;
  if (options.threads === 0) {
    const context = createSampleContext(config);
    let tail: Promise<unknown> = Promise.resolve();
    return {
      run(task, signal) {
        const result = tail.then(() => {
          signal.throwIfAborted();
          return processSample(context, task);
        });
        tail = result.catch(() => undefined);
        return result;
      },
      failures: () => failures,
      destroy: async () => undefined,
    };
  }
  const { filename, execArgv } = workerEntry();
  const pool = new Piscina({
    filename,
    execArgv,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: Infinity,
    workerData: config,
    ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
  });
  // A dying worker is also reported as a pool 'error' event; its task's promise rejects, handled below.
  pool.on('error', () => undefined);
  return {
    async run(task, signal) {
      let last: unknown;
      for (let attempt = 0; attempt <= options.retries; attempt++) {
        try {
          return (await pool.run(task, { signal })) as SampleResult;
        } catch (error) {
          if (signal.aborted) throw error;
          failures++;
          last = error;
        }
      }
      const reason = last instanceof Error ? last.message : String(last);
      return { ok: false, file: task.imagePath, reason: `worker died or threw ${options.retries + 1} time(s) on this sample: ${reason}` };
    },
    failures: () => failures,
    destroy: () => pool.destroy(),
  };
}
