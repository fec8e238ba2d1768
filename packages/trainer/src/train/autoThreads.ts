/** Thread counts chosen from the machine when the user gives 0. */
import { availableParallelism } from 'node:os';

/**
 * Pipeline worker threads for `--threads 0`. The CPU kernels use every core during a step, and
 * after the first epoch the memory cache leaves the workers only augmentation to do, so one worker
 * per four cores (at least one, at most four) keeps up without taking cores from the kernels.
 */
export function autoPipelineThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 4)));
}
