/** Writes a run's records after each epoch: history.json/csv, TensorBoard scalars, curves.png. */
import { join } from 'node:path';
import type { TrainCallback } from '../train/callbacks.js';
import { writeCurvesPlot } from '../plots/curvesPlot.js';
import { SummaryWriter } from '../tensorboard/summaryWriter.js';
import { type EpochRecord, writeHistory } from './history.js';

/**
 * Records for the run in `out`: `<out>/tb/train`, `<out>/tb/val`, history and curves; a callback
 * (Keras' TensorBoard and CSVLogger) over `history`, the run's records that the loop appends to.
 */
export class RunRecorder implements TrainCallback {
  private readonly trainLog: SummaryWriter;
  private readonly valLog: SummaryWriter;

  constructor(
    private readonly out: string,
    private readonly history: readonly EpochRecord[],
  ) {
    this.trainLog = new SummaryWriter(join(out, 'tb', 'train'));
    this.valLog = new SummaryWriter(join(out, 'tb', 'val'));
  }

  /** Log the newest epoch of the history and rewrite the history files and the curves. */
  async onEpochEnd(): Promise<void> {
    const history = this.history;
    const r = history[history.length - 1];
    if (!r) return;
    // Keras' TensorBoard callback names: one tag per metric, train and validation in sibling runs.
    this.trainLog.scalars(r.epoch, {
      epoch_loss: r.loss,
      epoch_dice_loss: r.diceLoss,
      epoch_dice_coeff: r.diceCoeff,
      epoch_mean_iou: r.meanIoU,
      epoch_learning_rate: r.lr,
      epoch_images_per_second: r.imagesPerSecond,
      epoch_input_wait_share: r.inputWaitShare,
      ...(r.gpuIdleShare === undefined ? {} : { epoch_gpu_idle_share: r.gpuIdleShare }),
    });
    this.valLog.scalars(r.epoch, {
      epoch_loss: r.valLoss,
      epoch_dice_loss: r.valDiceLoss,
      epoch_dice_coeff: r.valDiceCoeff,
      epoch_mean_iou: r.valMeanIoU,
      ...(r.valImageDice === undefined ? {} : { epoch_image_dice: r.valImageDice }),
    });
    await writeHistory(this.out, history);
    await writeCurvesPlot(join(this.out, 'curves.png'), history);
  }
}
