import * as tf from '@tensorflow/tfjs-core';
import { ADAM_KERNEL, type AdamAttrs } from './adamKernel.js';
import { FAST_CPU_BACKEND } from './registerFastCpuBackend.js';

/** The AdamOptimizer fields this subclass reads (private in tfjs-core's typings, plain properties at run time). */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

/**
 * tfjs-core's Adam, with each variable's update done by one fused kernel on maskflow-cpu (one
 * wasm pass instead of 13 elementwise kernels and their intermediate tensors); bit-identical
 * results, and the same class name, config, weights and checkpoints as `tf.train.adam`. On any
 * other backend it is tfjs' AdamOptimizer unchanged.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  constructor(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (tf.getBackend() !== FAST_CPU_BACKEND) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamInternals;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    // 1 - beta^t exactly as tfjs computes it: a float32 subtraction of the float32 accumulator.
    const attrs: AdamAttrs = {
      beta1: this.beta1, beta2: this.beta2, learningRate: this.learningRate, epsilon: this.epsilon,
      correction1: Math.fround(1 - self.accBeta1.dataSync()[0]!),
      correction2: Math.fround(1 - self.accBeta2.dataSync()[0]!),
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
      self.accBeta1.assign(tf.mul(self.accBeta1, this.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
