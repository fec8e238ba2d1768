/**
 * Progressive resizing (fast.ai's, Howard 2018): the first part of a run trains on smaller images,
 * the rest at the full size. A step at 128x128 costs about 0.8 of one at 160x160 on 2 cores, so
 * more epochs fit a time budget; validation, checkpoints and the saved model stay at full size.
 */
import { setTrainingSize, type tf } from '@maskflow/model';
import type { TrainConfig } from '../../config/trainConfig.js';

/** A side of the early size: `side` times `scale`, to the nearest multiple of `step` (2^depth), at least one step. */
function scaledSide(side: number, scale: number, step: number): number {
  return Math.max(step, Math.round((side * scale) / step) * step);
}

/**
 * The early training size for `size` at `scale` (--progressive-scale), each side a multiple of
 * 2^depth (as --size is) and never larger than the full size's.
 */
export function progressiveSize(size: readonly [number, number], scale: number, depth: number): [number, number] {
  const step = 2 ** depth;
  return [Math.min(size[0], scaledSide(size[0], scale, step)), Math.min(size[1], scaledSide(size[1], scale, step))];
}

/** What {@link epochTrainSize} reads: the run's sizes, the share trained small, and where the run is. */
export interface EpochSizeInput {
  size: readonly [number, number];
  /** The early size (progressiveSize). */
  early: readonly [number, number];
  /** Share of the schedule trained at `early` (--progressive-share; 0: none). */
  share: number;
  /** The schedule's progress at the middle of the epoch about to start (lrSchedule's scheduleProgress). */
  progress: number;
}

/**
 * The [height, width] the epoch about to start trains at: the early size while the schedule's
 * progress is under `share`, the full size after. The clock is the learning-rate schedule's, by
 * epochs or by the time budget when that binds, so the full-size epochs are the last `1 - share`
 * of the run's time however many epochs that turns out to be.
 */
export function epochTrainSize(input: EpochSizeInput): [number, number] {
  const small = input.progress < input.share;
  return small ? [input.early[0], input.early[1]] : [input.size[0], input.size[1]];
}

/** What {@link ProgressiveResize} reads of the run's config. */
type ResizeConfig = Pick<TrainConfig, 'size' | 'depth' | 'progressiveScale' | 'progressiveShare'>;

/**
 * The run's training size epoch by epoch: tells the model (setTrainingSize) when it changes, and
 * says so: where the early size starts and where the full size takes over.
 */
export class ProgressiveResize {
  private readonly early: [number, number];
  private current: string | undefined;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly config: ResizeConfig,
  ) {
    // At scale 1 (off) this is the full size, so every epoch trains at it.
    this.early = progressiveSize(config.size, config.progressiveScale, config.depth);
  }

  /** The size epoch `epoch` trains at, given the schedule's `progress`; the model takes it from now on. */
  enter(epoch: number, progress: number, say: (message: string) => void): [number, number] {
    const { size, progressiveScale: scale, progressiveShare: share } = this.config;
    const trainSize = epochTrainSize({ size, early: this.early, share, progress });
    const name = trainSize.join('x');
    if (name === this.current) return trainSize;
    setTrainingSize(this.model, trainSize);
    const full = name === size.join('x');
    if (!full) say(`progressive resizing: training at ${name} (--progressive-scale ${scale}) for the first ${Math.round(share * 100)}% of the run, then at ${size.join('x')}`);
    else if (this.current !== undefined) say(`progressive resizing: training at ${name} from epoch ${epoch}`);
    this.current = name;
    return trainSize;
  }
}
