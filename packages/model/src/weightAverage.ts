/**
 * An exponential moving average of a model's weights (Keras' `use_ema`, PyTorch's AveragedModel
 * with an EMA function): validation, checkpoints and the saved model use the average, training
 * keeps updating the raw weights.
 */
import { movingAverages } from '@maskflow/kernels';
import * as tf from '@tensorflow/tfjs';

/**
 * Averages every weight of `model`, trainable or not: the batch-norm moving statistics are averaged
 * too (as timm's ModelEmaV2 does), so the averaged model's statistics belong to averaged weights
 * and lose the noise of the last few batches. The decay ramps up as min(decay, (1 + n) / (10 + n))
 * after n updates, so the average does not remember the random initial weights for long.
 *
 * Tensor ownership: this object owns its averages (kept outside any tidy) until dispose().
 */
export class WeightAverage {
  private averages: tf.Tensor[];
  private updates: number;
  private raw: tf.Tensor[] | undefined;

  /** Start the average at the model's current weights; `decay` in [0, 1) is kept per update. */
  constructor(
    private readonly model: tf.LayersModel,
    readonly decay: number,
    updates = 0,
  ) {
    if (!(decay >= 0 && decay < 1)) throw new RangeError(`WeightAverage decay must be in [0, 1), got ${decay}`);
    this.averages = model.weights.map((w) => tf.keep(w.read().clone()));
    this.updates = updates;
  }

  /** Updates so far (checkpointed so a resumed run continues the same ramp). */
  get count(): number {
    return this.updates;
  }

  /** The decay the next update uses (the ramp's value after `count` updates). */
  currentDecay(): number {
    return Math.min(this.decay, (1 + this.updates) / (10 + this.updates));
  }

  /** Fold the model's current weights in: average = average - (average - weight) * (1 - decay). */
  update(): void {
    if (this.raw !== undefined) throw new Error('WeightAverage.update while the averaged weights are swapped in');
    const decay = this.currentDecay();
    const weights = this.model.weights;
    const next = movingAverages(this.averages.map((a, i) => [a, weights[i]!.read()] as const), decay);
    for (const a of this.averages) a.dispose();
    this.averages = next.map((t) => tf.keep(t));
    this.updates++;
  }

  /** Run `fn` with the averaged weights in the model, then put the raw ones back (also when `fn` throws). */
  async withAveraged<T>(fn: () => Promise<T>): Promise<T> {
    const weights = this.model.weights;
    // write() points the variable at the given tensor's data and drops its reference to the old
    // data: the raw values survive in clones (own references), and the tensors written are
    // disposed after the write (the variable holds their data now).
    this.raw = weights.map((w) => tf.keep(w.read().clone()));
    const put = (values: readonly tf.Tensor[]) =>
      weights.forEach((w, i) => {
        const v = values[i]!.clone();
        w.write(v);
        v.dispose();
      });
    try {
      put(this.averages);
      return await fn();
    } finally {
      const raw = this.raw as tf.Tensor[];
      this.raw = undefined;
      put(raw);
      for (const r of raw) r.dispose();
    }
  }

  /** Copies of the averaged weights, in model.weights order (the caller disposes them). */
  snapshot(): tf.Tensor[] {
    return this.averages.map((a) => a.clone());
  }

  /** Replace the averages, e.g. from a checkpoint; shapes must match model.weights. */
  restore(averages: readonly tf.Tensor[], updates: number): void {
    const weights = this.model.weights;
    if (averages.length !== weights.length || averages.some((a, i) => !tf.util.arraysEqual(a.shape, weights[i]!.read().shape))) {
      throw new Error(`WeightAverage.restore: expected ${weights.length} tensors shaped as the model's weights`);
    }
    for (const a of this.averages) a.dispose();
    this.averages = averages.map((a) => tf.keep(a.clone()));
    this.updates = updates;
  }

  /** Release the averages. */
  dispose(): void {
    for (const a of this.averages) a.dispose();
    this.averages = [];
  }
}
