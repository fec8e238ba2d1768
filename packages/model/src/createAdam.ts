/** Adam for training, as registered for tfjs serialization. */
import * as tf from '@tensorflow/tfjs';

/**
 * `tf.train.adam(lr)`, built from the class tfjs' serialization map holds for 'Adam': once
 * maskflow-cpu or maskflow-webgpu is loaded that is @maskflow/kernels' FusedAdamOptimizer (one
 * fused kernel per variable on those backends: a wasm pass, bit-identical, or a WGSL dispatch;
 * same checkpoints), otherwise tfjs' own AdamOptimizer. Models loaded with their training config
 * resolve 'Adam' through the same map.
 */
export function createAdam(learningRate: number): tf.Optimizer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.Adam;
  if (entry === undefined) return tf.train.adam(learningRate);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, { learningRate, beta1: 0.9, beta2: 0.999 }) as unknown as tf.Optimizer;
}
