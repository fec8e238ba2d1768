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

/** What {@link sizeLadder} reads: the full size, where the run starts, and the step (2^depth). */
export interface LadderInput {
  size: readonly [number, number];
  /** The size the run starts at (progressiveSize). */
  early: readonly [number, number];
  /** The multiple each side steps by on the way up (2^depth). */
  step: number;
}

/**
 * The sizes the small part of a run climbs through, smallest first, before `size`: one per step
 * of 2^depth on the longer climb of the two sides (160 from 128: [128]; from 96: [96, 128]), each
 * side climbing its own distance in as many equal parts, snapped to the step. Empty at full size.
 */
export function sizeLadder(input: LadderInput): [number, number][] {
  const { size, early, step } = input;
  const rungs = Math.max(Math.round((size[0] - early[0]) / step), Math.round((size[1] - early[1]) / step));
  const side = (i: 0 | 1, rung: number): number => early[i] + Math.floor(((size[i] - early[i]) * rung) / rungs / step) * step;
  return Array.from({ length: rungs }, (_, rung) => [side(0, rung), side(1, rung)]);
}

/** What {@link epochTrainSize} reads: the ladder's input, the share trained small, and where the run is. */
export interface EpochSizeInput extends LadderInput {
  /** Share of the schedule trained under `size` (--progressive-share; 0: none). */
  share: number;
  /** The schedule's progress at the middle of the epoch about to start (lrSchedule's scheduleProgress). */
  progress: number;
}

/**
 * The [height, width] the epoch about to start trains at: over the first `share` of the schedule
 * the rungs of {@link sizeLadder}, each an equal part of that share; after it, the full size.
 * The clock is the learning-rate schedule's, by epochs or by the time budget when that binds, so
 * the full-size epochs are the last `1 - share` of the run's time however many epochs that is.
 */
export function epochTrainSize(input: EpochSizeInput): [number, number] {
  const { size, share, progress } = input;
  const ladder = sizeLadder(input);
  const rung = progress < share ? ladder[Math.min(ladder.length - 1, Math.floor((progress / share) * ladder.length))] : undefined;
  return rung ?? [size[0], size[1]];
}

/** What {@link ProgressiveResize} reads of the run's config. */
type ResizeConfig = Pick<TrainConfig, 'size' | 'depth' | 'progressiveScale' | 'progressiveShare'>;

/**
 * The run's training size epoch by epoch: tells the model (setTrainingSize) when it changes, and
 * says so: where the early size starts and where the full size takes over.
 */
export class ProgressiveResize {
  private readonly ladder: LadderInput;
  private current: string | undefined;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly config: ResizeConfig,
  ) {
    // At scale 1 (off) the early size is the full size: the ladder is empty and every epoch trains at it.
    this.ladder = { size: config.size, early: progressiveSize(config.size, config.progressiveScale, config.depth), step: 2 ** config.depth };
  }

  /** The size epoch `epoch` trains at, given the schedule's `progress`; the model takes it from now on. */
  enter(epoch: number, progress: number, say: (message: string) => void): [number, number] {
    const { size, progressiveScale: scale, progressiveShare: share } = this.config;
    const trainSize = epochTrainSize({ ...this.ladder, share, progress });
    const name = trainSize.join('x');
    if (name === this.current) return trainSize;
    setTrainingSize(this.model, trainSize);
    if (this.current !== undefined) say(`progressive resizing: training at ${name} from epoch ${epoch}`);
    else if (name !== size.join('x')) {
      const sizes = sizeLadder(this.ladder).map((s) => s.join('x')).join(', then ');
      say(`progressive resizing: training at ${sizes} (--progressive-scale ${scale}) for the first ${Math.round(share * 100)}% of the run, then at ${size.join('x')}`);
    }
    this.current = name;
    return trainSize;
  }
}
