/** EarlyStopping on val dice loss, lower is better (Keras' EarlyStopping, min_delta 0). */
import type { TrainState } from '../../checkpoint/trainState.js';
import type { EpochRecord } from '../../records/history.js';
import type { TrainCallback, TrainControl } from '../callbacks.js';

/**
 * Stop after `patience` epochs without a lower val diceLoss; patience 0 never stops but still
 * counts, so a resume that turns it on knows how long the run has stalled. The wait lives in
 * TrainState; the best value starts from the run's best checkpoint (the same monitor).
 */
export class EarlyStopping implements TrainCallback {
  private best: number;
  private bestEpoch: number | undefined;

  constructor(
    private readonly state: TrainState,
    private readonly patience: number,
  ) {
    this.best = state.best?.valDiceLoss ?? Number.POSITIVE_INFINITY;
    this.bestEpoch = state.best?.epoch;
  }

  /** Count the epoch; ask the loop to stop when the patience ran out. */
  onEpochEnd(epoch: number, logs: EpochRecord, control: TrainControl): void {
    if (logs.valDiceLoss < this.best) {
      this.best = logs.valDiceLoss;
      this.bestEpoch = epoch;
      this.state.earlyStopWait = 0;
      return;
    }
    this.state.earlyStopWait++;
    if (this.patience > 0 && this.state.earlyStopWait >= this.patience) {
      control.stop('earlyStop', `Early stop: val dice loss has not improved for ${this.patience} epochs (best at epoch ${this.bestEpoch}).`);
    }
  }
}
