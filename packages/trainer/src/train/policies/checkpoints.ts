/** The run's two checkpoints: best/ (ModelCheckpoint, save_best_only on val dice loss) and last/. */
import type { tf, WeightAverage } from '@maskflow/model';
import { saveCheckpoint } from '../../checkpoint/checkpoint.js';
import type { TrainState } from '../../checkpoint/trainState.js';
import type { EpochRecord } from '../../records/history.js';
import type { TrainCallback } from '../callbacks.js';

/**
 * Save the model to `dir` when val diceLoss is the lowest so far (mode min: the tutorial's
 * monitor, not the published mode='max' bug), recording it as `state.best`. Place it after the
 * callbacks that update the state, so the checkpoint carries their state too. With a weight
 * average, best/ holds the averaged weights: the ones validation scored.
 */
export class BestCheckpoint implements TrainCallback {
  constructor(
    private readonly model: tf.LayersModel,
    private readonly dir: string,
    private readonly state: TrainState,
    private readonly average?: WeightAverage,
  ) {}

  /** Save best/ when this epoch improved on it. */
  async onEpochEnd(epoch: number, logs: EpochRecord): Promise<void> {
    if (this.state.best !== null && logs.valDiceLoss >= this.state.best.valDiceLoss) return;
    this.state.best = { valDiceLoss: logs.valDiceLoss, valDiceCoeff: logs.valDiceCoeff, epoch };
    const save = () => saveCheckpoint(this.model, this.dir, this.state);
    await (this.average === undefined ? save() : this.average.withAveraged(save));
  }
}

/**
 * Save the model and the run's state to `dir` after every epoch: what --resume continues from
 * (the raw weights training goes on from, and the weight average beside them).
 */
export class LastCheckpoint implements TrainCallback {
  constructor(
    private readonly model: tf.LayersModel,
    private readonly dir: string,
    private readonly state: TrainState,
    private readonly average?: WeightAverage,
  ) {}

  /** Save last/. */
  async onEpochEnd(): Promise<void> {
    await saveCheckpoint(this.model, this.dir, this.state, this.average);
  }
}
