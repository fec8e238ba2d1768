/** ReduceLROnPlateau on val loss, as Keras does it (mode min, min_delta 1e-4). */
import type { TrainState } from '../../checkpoint/trainState.js';
import type { EpochRecord } from '../../records/history.js';
import type { TrainCallback, TrainControl } from '../callbacks.js';

/** Keras' min_delta for ReduceLROnPlateau: smaller improvements count as none. */
const MIN_DELTA = 1e-4;

/** Settings of {@link ReduceLrOnPlateau} (the train options of the same names). */
export interface PlateauOptions {
  patience: number;
  factor: number;
  minLr: number;
}

/**
 * After `patience` epochs without an improvement of val loss by at least 1e-4, multiply the
 * learning rate by `factor`, not below `minLr`. Its memory (best val loss, wait) and the lr live
 * in the run's TrainState, so a resumed run continues the count; the loop applies `state.lr`.
 */
export class ReduceLrOnPlateau implements TrainCallback {
  constructor(
    private readonly state: TrainState,
    private readonly options: PlateauOptions,
  ) {}

  /** Count the epoch; lower the learning rate when the patience ran out. */
  onEpochEnd(_epoch: number, logs: EpochRecord, control: TrainControl): void {
    const p = this.state.plateau;
    if (p.bestValLoss === null || logs.valLoss < p.bestValLoss - MIN_DELTA) {
      p.bestValLoss = logs.valLoss;
      p.wait = 0;
      return;
    }
    p.wait++;
    if (p.wait < this.options.patience) return;
    p.wait = 0;
    const lr = Math.max(this.state.lr * this.options.factor, this.options.minLr);
    if (lr >= this.state.lr) return;
    this.state.lr = lr;
    control.say(`val loss has not improved for ${this.options.patience} epochs: learning rate now ${lr}`);
  }
}
