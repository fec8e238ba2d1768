/**
 * Decoupled weight decay (AdamW: Loshchilov and Hutter, "Decoupled Weight Decay Regularization",
 * 2019; PyTorch's `AdamW(weight_decay=...)`): after each optimizer step the kernels are multiplied
 * by 1 - lr x decay, outside the gradient. As an L2 term in the loss instead, Adam would divide its
 * gradient by the same running magnitude as the loss's, and weights with large gradients would
 * hardly decay at all.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Shrinks `model`'s convolution and dense kernels toward zero after each step. Biases and
 * batch-norm scales and offsets are not decayed (the usual practice with AdamW, as in timm and
 * Hugging Face's trainers: they are few, and decaying a batch-norm scale changes what the
 * normalisation does rather than regularising). Holds no tensors of its own.
 */
export class WeightDecay {
  private readonly kernels: tf.LayerVariable[];

  /** Decay `model`'s kernels by `decay` (>= 0) per unit of learning rate. */
  constructor(
    model: tf.LayersModel,
    readonly decay: number,
  ) {
    if (!(decay >= 0 && Number.isFinite(decay))) throw new RangeError(`WeightDecay decay must be a finite number >= 0, got ${decay}`);
    // originalName: `name` gets a suffix (kernel_1) when another model in the process took the name.
    this.kernels = model.trainableWeights.filter((w) => w.originalName.endsWith('/kernel'));
  }

  /** How many variables are decayed (the kernels). */
  get variables(): number {
    return this.kernels.length;
  }

  /** One step's decay at learning rate `lr`: every kernel times 1 - lr x decay, in place. */
  apply(lr: number): void {
    const factor = 1 - lr * this.decay;
    if (factor === 1) return;
    // lr x decay >= 1 would zero or flip every kernel: a setting error, not a training state.
    if (!(factor > 0)) throw new RangeError(`Weight decay ${this.decay} at learning rate ${lr} would scale the kernels by ${factor}: lower --weight-decay below 1 / lr`);
    // write() assigns into the existing variable; the products and the one scalar shared by every
    // kernel (a number would become a scalar tensor per call) are freed by the tidy.
    tf.tidy(() => {
      const scale = tf.scalar(factor);
      for (const kernel of this.kernels) kernel.write(tf.mul(kernel.read(), scale));
    });
  }
}
