/**
 * The learning rate of each epoch: constant, or a linear warmup then a cosine decay (SGDR without
 * restarts, Loshchilov & Hutter, https://arxiv.org/abs/1608.03983) over the run's epochs or its
 * time budget, whichever runs out first.
 */

/** How the learning rate moves over a run (the `lrSchedule` option). */
export type LrScheduleName = 'constant' | 'cosine';

/** What {@link epochLearningRate} needs to know about the run and the epoch about to start. */
export interface EpochLrInput {
  schedule: LrScheduleName;
  /** The base rate: `lr`, after any plateau reductions (state.lr). */
  baseLr: number;
  /** The rate the cosine ends at (`lrMin`). */
  minLr: number;
  /** Epochs whose rate rises linearly to the base rate: epoch k of them trains at baseLr * k / warmupEpochs. */
  warmupEpochs: number;
  /** 1-based epoch about to start. */
  epoch: number;
  /** Epochs of the run (`epochs`). */
  epochs: number;
  /** The time budget of the epochs in seconds (`maxMinutes` * 60); 0 for none. */
  budgetSeconds: number;
  /** Seconds the completed epochs took (TrainState.totals.seconds). */
  spentSeconds: number;
  /** Seconds the previous epoch took (0 before the first), the estimate of this one. */
  lastEpochSeconds: number;
}

/** What the schedule's progress reads: the epoch, the run's length, and its time budget and clock. */
type ScheduleClock = Pick<EpochLrInput, 'epoch' | 'epochs' | 'budgetSeconds' | 'spentSeconds' | 'lastEpochSeconds'>;

/**
 * Where the run will be at the middle of this epoch, from 0 to 1: by epochs, or by time when a
 * budget is set and the epochs left would overrun it (a busy machine), so the decay ends when the
 * budget does.
 */
export function scheduleProgress(input: ScheduleClock): number {
  const byEpochs = (input.epoch - 0.5) / input.epochs;
  const byTime = budgetBinds(input) ? (input.spentSeconds + 0.5 * input.lastEpochSeconds) / input.budgetSeconds : 0;
  return Math.min(1, Math.max(0, byEpochs, byTime));
}

/**
 * Whether the epochs left, at the pace of the last one, would end past the budget. The first
 * epoch's pace does not count: it fills the decode cache and warms the kernels up, so it runs
 * slower than the rest, and its jitter would otherwise set the rates of epochs 2 and 3; then a run
 * its epochs end would not repeat (training is chaotic: two runs of one CPU-preset command that
 * differed only there ended 0.008 apart in val Dice).
 */
function budgetBinds(input: ScheduleClock): boolean {
  if (input.budgetSeconds <= 0 || input.epoch <= 2) return false;
  return input.spentSeconds + input.lastEpochSeconds * (input.epochs - input.epoch + 1) > input.budgetSeconds;
}

/**
 * The rate for the epoch about to start. `constant`: the base rate (after warmup). `cosine`:
 * minLr + (baseLr - minLr) * (1 + cos(pi * progress)) / 2 at {@link scheduleProgress}, times the
 * warmup ramp. With a time budget that binds, the value depends on how long the epochs took, so
 * such a run repeats exactly only on an equally fast machine.
 */
export function epochLearningRate(input: EpochLrInput): number {
  const ramp = input.warmupEpochs > 0 ? Math.min(1, input.epoch / input.warmupEpochs) : 1;
  if (input.schedule === 'constant') return input.baseLr * ramp;
  const low = Math.min(input.minLr, input.baseLr);
  const cosine = low + (input.baseLr - low) * 0.5 * (1 + Math.cos(Math.PI * scheduleProgress(input)));
  return cosine * ramp;
}
