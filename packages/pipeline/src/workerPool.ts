// The one place a piscina pool of pipeline workers is made, for training (taskRunner.ts) and
// batch prediction (predictPool.ts).
//
// Why the wrapper: a worker that fails while it starts (its module or a dependency such as sharp
// cannot load, tsx cannot be resolved) fails no task, so piscina reports it only as a pool 'error'
// event, and from then on stops spawning workers ("no point", it says). A task already queued then
// waits for a worker that never comes; with nothing else keeping Node's event loop alive, the
// process ended with exit code 13 and no message. Here the first such event fails the pool: every
// run in flight and every later run rejects with a WorkerStartError that names the cause.
import { Piscina } from 'piscina';
import type { ResourceLimits } from 'node:worker_threads';
import { WorkerStartError } from './errors.js';

/** Options of createWorkerPool. */
export interface WorkerPoolOptions {
  threads: number;
  /** Given to every worker once, as piscina's workerData. */
  workerData: unknown;
  resourceLimits?: ResourceLimits | undefined;
  /** The worker module; default: this package's worker.ts (from source) or worker.js (built). */
  filename?: string;
}

/** Runs tasks on a fixed set of worker threads; a worker that cannot start fails every run. */
export interface WorkerPool {
  /** The task's result; rejects with the task's error, the abort reason, or a WorkerStartError. */
  run(task: unknown, options?: { signal?: AbortSignal; name?: string }): Promise<unknown>;
  destroy(): Promise<void>;
}

/** The worker module and the Node options it needs: tsx's loader when running from source. */
function workerEntry(): { filename: string; execArgv: string[] | undefined } {
  // From source (tests, tsx) the worker is worker.ts and needs tsx's loader; built, it is
  // worker.js and inherits the main thread's Node options (execArgv undefined).
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    filename: new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href,
    // tsx resolved from here, not from the working directory: `maskflow` may run anywhere.
    execArgv: fromSource ? ['--import', typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx') : 'tsx'] : undefined,
  };
}

/** A fixed-size pool (min = max threads, never idles out) whose start-up failure rejects its runs. */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const entry = workerEntry();
  const filename = options.filename ?? entry.filename;
  const pool = new Piscina({
    filename,
    ...(entry.execArgv === undefined ? {} : { execArgv: entry.execArgv }),
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: Infinity,
    workerData: options.workerData,
    ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
  });
  let failed: WorkerStartError | undefined;
  // Rejecters of the runs in flight, so a start-up failure can end runs piscina would leave queued.
  const inFlight = new Set<(error: Error) => void>();
  // A worker that dies while running a task rejects that task (piscina replaces the worker, and
  // batchFill.ts retries); an 'error' event is a worker that failed with no task: at start-up.
  pool.on('error', (error: unknown) => {
    failed ??= new WorkerStartError(filename, error instanceof Error ? error.message : String(error));
    for (const reject of inFlight) reject(failed);
    inFlight.clear();
  });
  return {
    run(task, runOptions = {}) {
      if (failed !== undefined) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        inFlight.add(reject);
        pool.run(task, runOptions).then(resolve, reject).finally(() => inFlight.delete(reject));
      });
    },
    destroy: () => pool.destroy(),
  };
}
