/**
 * Training policies as callbacks, after tfjs-layers' BaseCallback/CallbackList: each policy
 * (checkpoints, early stopping, learning-rate plateau, records) is an object with `onEpochEnd`,
 * and the loop calls them in order through one CallbackList. Logs are read by name.
 */
import type { EpochRecord } from '../records/history.js';

/** Why a callback ended the run (Keras' `model.stopTraining`, with a reason for the summary). */
export type StopReason = 'earlyStop' | 'maxMinutes';

/** What a callback may ask of the training loop at the end of an epoch. */
export interface TrainControl {
  /** End the run after this epoch; `message` tells the user why. */
  stop(reason: StopReason, message: string): void;
  /** A message for the user, shown after the epoch's progress line. */
  say(message: string): void;
}

/** One training policy. `logs` is the epoch's record: train and val metrics by name, the lr, timings. */
export interface TrainCallback {
  onEpochEnd?(epoch: number, logs: EpochRecord, control: TrainControl): void | Promise<void>;
}

/** The callbacks of a run, called in order (a later one sees the state the earlier ones left). */
export class CallbackList {
  constructor(private readonly callbacks: readonly TrainCallback[]) {}

  /** Call every callback's onEpochEnd, one after the other. */
  async onEpochEnd(epoch: number, logs: EpochRecord, control: TrainControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochEnd?.(epoch, logs, control);
  }
}
