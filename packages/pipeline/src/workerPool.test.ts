import { describe, expect, it } from 'vitest';
import { WorkerStartError } from './errors.js';
import { createWorkerPool } from './workerPool.js';

const failingWorker = new URL('./__tests__/failingStartWorker.mjs', import.meta.url).href;

describe('createWorkerPool', () => {
  it('rejects every run with a WorkerStartError naming the cause when its workers cannot start', async () => {
    const pool = createWorkerPool({ threads: 2, workerData: {}, filename: failingWorker });
    try {
      // Before the fix a run queued here waited for a worker piscina no longer spawned, and the
      // process ended with exit code 13 and no message; the runs must settle on their own.
      // Handlers attached at once: the runs may settle in any order, and one left without a
      // handler while an earlier one is awaited would be an unhandled rejection.
      const errors = await Promise.all([1, 2, 3].map((task) => pool.run(task).then(() => undefined, (e: unknown) => e)));
      for (const error of errors) {
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(/libvips-cpp\.so/);
      }
      const later = await pool.run(4).then(() => undefined, (e: unknown) => e);
      expect(later).toBeInstanceOf(WorkerStartError);
      expect((later as WorkerStartError).message).toContain('failingStartWorker.mjs');
      expect((later as WorkerStartError).message).toContain('libvips-cpp.so: cannot open shared object file');
      expect((later as WorkerStartError).message).toContain('pnpm install');
    } finally {
      await pool.destroy();
    }
  });

  it('runs tasks on the pipeline worker', async () => {
    const pool = createWorkerPool({ threads: 1, workerData: {} });
    try {
      // An empty share: the worker answers without touching any shared buffer.
      await expect(pool.run([])).resolves.toEqual([]);
    } finally {
      await pool.destroy();
    }
  });
});
