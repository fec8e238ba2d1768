/** Put saved optimizer weights (Adam's moments, the iteration count, ...) back into an optimizer. */
import * as tf from '@tensorflow/tfjs';

/** Adam's bias-correction accumulators: tfjs keeps them as variables that getWeights does not save. */
interface AdamAccumulators {
  beta1: number;
  beta2: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

function isAdam(optimizer: tf.Optimizer): optimizer is tf.Optimizer & AdamAccumulators {
  const o = optimizer as unknown as Partial<AdamAccumulators>;
  return optimizer.getClassName() === 'Adam' && o.accBeta1 instanceof tf.Variable && o.accBeta2 instanceof tf.Variable;
}

/** beta^(steps + 1) the way training computes it: one float32 multiply per step, not one pow. */
function accumulate(beta: number, steps: number): number {
  const b = Math.fround(beta);
  let acc = b;
  for (let i = 0; i < steps; i++) acc = Math.fround(acc * b);
  return acc;
}

/**
 * Restore `optimizer` from weights saved with includeOptimizer. The decoded tensors are disposed
 * here: setWeights copies them into the optimizer's own variables.
 */
export async function restoreOptimizerState(
  optimizer: tf.Optimizer,
  saved: { data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] },
): Promise<void> {
  const decoded = tf.io.decodeWeights(saved.data, saved.specs);
  const named = saved.specs.map((spec) => ({ name: spec.name, tensor: decoded[spec.name] as tf.Tensor }));
  try {
    await optimizer.setWeights(named);
  } finally {
    tf.dispose(named.map((w) => w.tensor));
  }
  // tfjs' Adam.setWeights resets accBeta to pow(beta, t + 1); uninterrupted training reaches it by
  // repeated float32 multiplies, which can differ in the last bit. Recompute it the training way
  // so a resumed run matches an uninterrupted one exactly.
  if (isAdam(optimizer)) {
    const adam = optimizer;
    const steps = adam.iterations;
    tf.tidy(() => {
      adam.accBeta1.assign(tf.scalar(accumulate(adam.beta1, steps)));
      adam.accBeta2.assign(tf.scalar(accumulate(adam.beta2, steps)));
    });
  }
}
