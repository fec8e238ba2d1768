/** A wall-clock budget for the epochs (`--max-minutes`): stop before an epoch that would overrun it. */
import type { TrainState } from '../../checkpoint/trainState.js';
import type { EpochRecord } from '../../records/history.js';
import type { TrainCallback, TrainControl } from '../callbacks.js';

/**
 * Stops the run when another epoch, taking as long as the one that just ended, would end past
 * `maxMinutes` of epochs in total (training and validation, resumed epochs included: the time in
 * TrainState). 0 turns it off; the last epoch of the run never asks.
 */
export class TimeBudget implements TrainCallback {
  constructor(
    private readonly state: TrainState,
    private readonly maxMinutes: number,
    private readonly epochs: number,
  ) {}

  /** Compare the epochs' time so far plus this epoch's again with the budget. */
  onEpochEnd(epoch: number, logs: EpochRecord, control: TrainControl): void {
    if (this.maxMinutes <= 0 || epoch >= this.epochs) return;
    const spent = this.state.totals.seconds;
    if (spent + logs.seconds <= this.maxMinutes * 60) return;
    control.stop('maxMinutes', `Time budget: ${(spent / 60).toFixed(1)} min of epochs so far, another (~${logs.seconds.toFixed(0)} s) would pass --max-minutes ${this.maxMinutes}; stopping after epoch ${epoch}.`);
  }
}
