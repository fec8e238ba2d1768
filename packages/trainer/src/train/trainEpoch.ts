/** One training epoch: steps on batches from the loader, fetching the next batch while a step runs. */
import { batchToTensors, deviceBusyMs, resizeBatch, uploadToDevice, type tf } from '@maskflow/model';
import type { Batch, Loader } from '@maskflow/pipeline';
import type { PartialEpoch } from '../checkpoint/trainState.js';
import type { BatchLogs } from './trainEvents.js';

/** Inputs of one epoch. */
export interface TrainEpochArgs {
  model: tf.LayersModel;
  loader: Loader;
  /** 0-based epoch index given to the loader (it keys shuffle and augmentation). */
  epochIndex: number;
  /** The loader's batch size [height, width]. */
  size: [number, number];
  /**
   * The size the model trains at this epoch (progressive resizing: smaller than `size` early in a
   * run; the model must take it, see setTrainingSize). Default: `size`.
   */
  trainSize?: [number, number];
  /** State of this epoch when resuming after an interrupt: its first `partial.steps` batches are skipped. */
  partial: PartialEpoch | null;
  /** Steps left before --max-steps; Infinity for no limit. */
  stepsLeft: number;
  /** Ends the epoch after the current step (SIGINT). */
  signal: AbortSignal | undefined;
  /** Runs after each training step, before onBatch (the weight average's update). */
  afterStep?: () => void;
  onBatch: (step: number, logs: BatchLogs, elapsedMs: number) => void;
}

/** What an epoch did; `complete` is false when it stopped early (interrupt or --max-steps). */
export interface TrainEpochResult extends PartialEpoch {
  complete: boolean;
  /**
   * GPU backends only (null otherwise): share of this call's training wall time in which the
   * device queue had no submitted work (wall time minus DeviceBusyClock's busy time). Busy time
   * ends when Dawn reports the work done, which it does late, so the true idle share is at least this.
   */
  gpuIdleShare: number | null;
}

type BatchTensors = { x: tf.Tensor4D; y?: tf.Tensor4D };

const emptyPartial = (): PartialEpoch => ({ steps: 0, images: 0, sums: [0, 0, 0, 0], waitMs: 0, computeMs: 0 });

/** The logs PartialEpoch.sums holds, in its order. */
const LOG_NAMES = ['loss', 'diceLoss', 'diceCoeff', 'meanIoU'] as const;

const normalized = (name: string): string => name.replace(/_/g, '').toLowerCase();

/**
 * Where each of LOG_NAMES sits in trainOnBatch's output, looked up by name in the model's
 * metricsNames (camelCase when compiled here, snake_case as Keras saves them).
 */
export function logPositions(model: tf.LayersModel): number[] {
  const names = model.metricsNames.map(normalized);
  return LOG_NAMES.map((log) => {
    const at = names.indexOf(normalized(log));
    if (at < 0) throw new Error(`The model reports ${model.metricsNames.join(', ')} but training logs ${log}: compile it with compileForTraining`);
    return at;
  });
}

/** Running means of the batch-size-weighted sums. */
export function meansOf(p: PartialEpoch): BatchLogs {
  const n = Math.max(1, p.images);
  return { loss: p.sums[0] / n, diceLoss: p.sums[1] / n, diceCoeff: p.sums[2] / n, meanIoU: p.sums[3] / n };
}

/**
 * Train one epoch. The next batch is requested as soon as the current one is turned into tensors,
 * so the pipeline's workers decode it while this thread trains (the wait for it is timed as input
 * wait). Each batch's ring-buffer slot is released right after batchToTensors copied it into
 * float32 tensors; those tensors are disposed after the step.
 *
 * On a GPU backend the next batch is also turned into tensors and uploaded while the current step
 * runs: trainOnBatch returns to the event loop while it waits for the GPU (the loss read-back), so
 * the pending batch's conversion and host-side upload run then instead of between steps.
 */
export async function trainEpoch(args: TrainEpochArgs): Promise<TrainEpochResult> {
  const { model, loader, size } = args;
  const state = args.partial ? structuredClone(args.partial) : emptyPartial();
  const positions = logPositions(model);
  const skip = state.steps;
  const iterator = loader.epoch(args.epochIndex);
  const started = performance.now() - state.waitMs - state.computeMs;
  const busyAtStart = deviceBusyMs();
  const onDevice = busyAtStart !== undefined;
  const trainSize = args.trainSize ?? size;
  const resized = trainSize[0] !== size[0] || trainSize[1] !== size[1];
  const toTensors = (batch: Batch): BatchTensors => {
    let tensors: BatchTensors;
    try {
      tensors = batchToTensors(batch.images, batch.masks, { n: batch.size, height: size[0], width: size[1] });
    } finally {
      batch.release();
    }
    if (!resized) return tensors;
    // The loader's full-size tensors go as soon as their resized copies exist.
    try {
      return resizeBatch(tensors.x, tensors.y, trainSize);
    } finally {
      tensors.x.dispose();
      tensors.y?.dispose();
    }
  };
  // The next batch's tensors when they were made (and uploaded) during the previous step.
  let early: { batch: Batch; tensors: BatchTensors } | undefined;
  let loopStart = performance.now();
  let pending: Promise<IteratorResult<Batch>> = iterator.next();
  let index = 0;
  let complete = true;
  try {
    for (;;) {
      if (index >= skip && (args.signal?.aborted || args.stepsLeft <= state.steps - skip)) {
        complete = false;
        break;
      }
      const waitStart = performance.now();
      const next = await pending;
      if (next.done) break;
      const batch = next.value;
      if (index < skip) {
        // Resuming inside an epoch: these batches were trained on before the interrupt.
        batch.release();
        pending = iterator.next();
        index++;
        loopStart = performance.now();
        continue;
      }
      state.waitMs += performance.now() - waitStart;
      const stepStart = performance.now();
      const tensors = early?.batch === batch ? early.tensors : toTensors(batch);
      early = undefined;
      pending = iterator.next();
      // One macrotask turn lets the loader hand the freed slot to its workers before this
      // thread disappears into a synchronous training step (worker messages wait for it).
      await new Promise<void>((resolve) => setImmediate(resolve));
      let values: number | number[];
      try {
        const step = model.trainOnBatch(tensors.x, tensors.y as tf.Tensor4D);
        if (onDevice) {
          pending = pending.then((r) => {
            if (!r.done) {
              early = { batch: r.value, tensors: toTensors(r.value) };
              uploadToDevice(early.tensors.y === undefined ? [early.tensors.x] : [early.tensors.x, early.tensors.y]);
            }
            return r;
          });
        }
        values = await step;
      } finally {
        tensors.x.dispose();
        tensors.y?.dispose();
      }
      const v = Array.isArray(values) ? values : [values];
      for (const [k, at] of positions.entries()) state.sums[k as 0 | 1 | 2 | 3] += (v[at] ?? Number.NaN) * batch.size;
      state.images += batch.size;
      state.steps++;
      args.afterStep?.();
      state.computeMs += performance.now() - stepStart;
      index++;
      args.onBatch(state.steps, meansOf(state), performance.now() - started);
    }
  } finally {
    if (!complete) await endEarly(iterator, pending, () => early);
  }
  const wallMs = performance.now() - loopStart;
  const busyMs = onDevice ? deviceBusyMs()! - busyAtStart : 0;
  const gpuIdleShare = onDevice && wallMs > 0 ? Math.min(1, Math.max(0, 1 - busyMs / wallMs)) : null;
  return { ...state, complete, gpuIdleShare };
}

/**
 * Stop an epoch mid-way: release the batch already requested (or dispose its tensors when it was
 * converted early, which released it already), then end the loader's iteration.
 */
async function endEarly(
  iterator: AsyncIterator<Batch>,
  pending: Promise<IteratorResult<Batch>>,
  early: () => { batch: Batch; tensors: BatchTensors } | undefined,
): Promise<void> {
  const next = await pending;
  const converted = early();
  if (!next.done && converted?.batch === next.value) {
    converted.tensors.x.dispose();
    converted.tensors.y?.dispose();
  } else if (!next.done) next.value.release();
  await iterator.return?.();
}
