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

/** What {@link sizeLadder} reads: the full size, the scale the run starts at, how many sizes, and the depth. */
export interface LadderInput {
  size: readonly [number, number];
  /** --progressive-scale: the first size is `size` times this. */
  scale: number;
  /** --progressive-steps: how many sizes the small part of the run climbs through. */
  steps: number;
  depth: number;
}

/**
 * The sizes the small part of a run trains at, smallest first: `steps` scales evenly spaced from
 * `scale` towards 1 (160x160 from 0.6 in 2 steps: 0.6 and 0.8, 96x96 then 128x128), each size
 * by {@link progressiveSize}. Neighbours that round to the same size are kept: that size then
 * lasts for both parts of the share.
 */
export function sizeLadder(input: LadderInput): [number, number][] {
  const { size, scale, steps, depth } = input;
  return Array.from({ length: steps }, (_, k) => progressiveSize(size, scale + ((1 - scale) * k) / steps, depth));
}

/** What {@link epochTrainSize} reads: the run's sizes, the share trained small, and where the run is. */
export interface EpochSizeInput {
  size: readonly [number, number];
  /** The sizes of the small part of the run, smallest first ({@link sizeLadder}). */
  ladder: readonly (readonly [number, number])[];
  /** Share of the schedule trained on the ladder (--progressive-share; 0: none). */
  share: number;
  /** The schedule's progress at the middle of the epoch about to start (lrSchedule's scheduleProgress). */
  progress: number;
}

/**
 * The [height, width] the epoch about to start trains at: over the first `share` of the schedule
 * the ladder's sizes, each an equal part of that share; after it, the full size. The clock is the
 * learning-rate schedule's, by epochs or by the time budget when that binds, so the full-size
 * epochs are the last `1 - share` of the run's time however many epochs that turns out to be.
 */
export function epochTrainSize(input: EpochSizeInput): [number, number] {
  const { size, ladder, share, progress } = input;
  const rung = progress < share ? ladder[Math.min(ladder.length - 1, Math.floor((progress / share) * ladder.length))] : undefined;
  return rung === undefined ? [size[0], size[1]] : [rung[0], rung[1]];
}

/** What {@link ProgressiveResize} reads of the run's config. */
type ResizeConfig = Pick<TrainConfig, 'size' | 'depth' | 'progressiveScale' | 'progressiveSteps' | 'progressiveShare'>;

/**
 * The run's training size epoch by epoch: tells the model (setTrainingSize) when it changes, and
 * says so: which sizes the small part climbs through and where each takes over.
 */
export class ProgressiveResize {
  private readonly ladder: [number, number][];
  private current: string | undefined;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly config: ResizeConfig,
  ) {
    // At scale 1 (off) every rung is the full size, so every epoch trains at it.
    this.ladder = sizeLadder({ size: config.size, scale: config.progressiveScale, steps: config.progressiveSteps, depth: config.depth });
  }

  /** The size epoch `epoch` trains at, given the schedule's `progress`; the model takes it from now on. */
  enter(epoch: number, progress: number, say: (message: string) => void): [number, number] {
    const { size, progressiveScale: scale, progressiveShare: share } = this.config;
    const trainSize = epochTrainSize({ size, ladder: this.ladder, share, progress });
    const name = trainSize.join('x');
    if (name === this.current) return trainSize;
    setTrainingSize(this.model, trainSize);
    if (this.current !== undefined) say(`progressive resizing: training at ${name} from epoch ${epoch}`);
    else if (name !== size.join('x')) {
      // Rungs that round to the full size are part of the full-size training, not named twice.
      const sizes = [...new Set(this.ladder.map((s) => s.join('x')))].filter((s) => s !== size.join('x')).join(', then ');
      say(`progressive resizing: training at ${sizes} (--progressive-scale ${scale}) for the first ${Math.round(share * 100)}% of the run, then at ${size.join('x')}`);
    }
    this.current = name;
    return trainSize;
  }
}
