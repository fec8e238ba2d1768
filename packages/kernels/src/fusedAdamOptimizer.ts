import * as tf from '@tensorflow/tfjs-core';
import { ADAM_KERNEL, type AdamAttrs } from './adamKernel.js';

/** The AdamOptimizer fields this subclass reads (private in tfjs-core's typings, plain properties at run time). */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

/** beta1^(t+1) and beta2^(t+1) after t steps, as float32 values. */
interface BetaPowers {
  steps: number;
  beta1: number;
  beta2: number;
}

/**
 * tfjs-core's Adam, with each variable's update done by one fused kernel (ADAM_KERNEL) on any
 * backend that registers one: maskflow-cpu (one wasm pass, bit-identical to tfjs-cpu) and
 * maskflow-webgpu (one WGSL dispatch), instead of 13 elementwise kernels and their intermediate
 * tensors. Same class name, config, weights and checkpoints as `tf.train.adam`. On any other
 * backend, or with a non-float32 variable, it is tfjs' AdamOptimizer unchanged.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  private betaPowers: BetaPowers | undefined;

  constructor(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
  }

  /**
   * beta^(t+1) at t = this.iterations, without reading the accBeta variables: a synchronous read
   * throws on maskflow-webgpu. tfjs reaches the same float32 value by one float32 multiply per step
   * (the product of two float32 values is exact in a double, so Math.fround rounds it as the
   * device does); @maskflow/model's restoreOptimizerState sets accBeta to this value on resume.
   * After a bare setWeights (tfjs sets pow(beta, t + 1)) the two may differ in the last bit; this
   * one is what uninterrupted training uses.
   */
  private currentBetaPowers(): BetaPowers {
    const f = Math.fround;
    let p = this.betaPowers;
    if (p === undefined || p.steps > this.iterations) p = { steps: 0, beta1: f(this.beta1), beta2: f(this.beta2) };
    while (p.steps < this.iterations) p = { steps: p.steps + 1, beta1: f(p.beta1 * f(this.beta1)), beta2: f(p.beta2 * f(this.beta2)) };
    this.betaPowers = p;
    return p;
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const gradients = Array.isArray(variableGradients) ? variableGradients.map((v) => v.tensor) : Object.values(variableGradients);
    const fused =
      tf.getKernel(ADAM_KERNEL, tf.getBackend()) !== undefined &&
      names.every((name) => tf.engine().registeredVariables[name]?.dtype === 'float32') &&
      gradients.every((g) => g == null || g.dtype === 'float32');
    if (!fused) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamInternals;
    const powers = this.currentBetaPowers();
    // 1 - beta^t exactly as tfjs computes it: a float32 subtraction of the float32 accumulator.
    const attrs: AdamAttrs = {
      beta1: this.beta1, beta2: this.beta2, learningRate: this.learningRate, epsilon: this.epsilon,
      correction1: Math.fround(1 - powers.beta1),
      correction2: Math.fround(1 - powers.beta2),
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        const moment = (list: AdamInternals['accumulatedFirstMoment'], suffix: string): tf.Variable => {
          list[i] ??= { originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          return list[i]!.variable;
        };
        const m = moment(self.accumulatedFirstMoment, 'm');
        const v = moment(self.accumulatedSecondMoment, 'v');
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const [x2, m2, v2] = tf.engine().runKernel(ADAM_KERNEL, { x: value, g: gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(m2!);
        v.assign(v2!);
        value.assign(x2!);
      });
      // Kept in step (on the device) for tfjs' own path and for restoreOptimizerState.
      self.accBeta1.assign(tf.mul(self.accBeta1, this.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
