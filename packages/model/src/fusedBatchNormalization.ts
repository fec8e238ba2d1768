/**
 * tfjs-layers' BatchNormalization with its training call fused: on a backend that registers
 * Maskflow's batch-norm training kernels (maskflow-cpu, maskflow-webgpu), the batch statistics,
 * the normalised output and, in backprop, every gradient come from one kernel call each instead of
 * tf.moments + tf.batchNorm and their composed gradients. Inference, other backends and layer
 * settings the kernels do not cover (no scale or no centre, an axis other than the last) run
 * tfjs-layers' own call. The class keeps the name 'BatchNormalization' and tfjs' config, so saved
 * models load anywhere as the stock layer; registering it makes loaded models train fused here too.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormTraining, movingAverages } from '@maskflow/kernels';

type StockLayer = ReturnType<typeof tf.layers.batchNormalization>;
type LayerArgs = Parameters<typeof tf.layers.batchNormalization>[0];

/** The stock class, taken from tfjs' serialization map before this module registers its own under the same name. */
const StockBatchNormalization = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization![0] as unknown as new (args?: LayerArgs) => StockLayer;

/** The fields of tfjs-layers' BatchNormalization this call reads (private in its typings). */
interface Fields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

/** BatchNormalization whose training call runs @maskflow/kernels' fused batchNormTraining where it can. */
export class FusedBatchNormalization extends StockBatchNormalization {
  /** tfjs' class name, so model.json stays the stock layer's. */
  static className = 'BatchNormalization';

  /**
   * Whether this layer applies the ReLU that follows it (set by fuseBatchNormRelu, which makes that
   * ReLU layer pass its input on): max(0, batch norm) in every call, in one kernel pair when
   * training on maskflow-cpu. Not part of the config: model files keep both layers.
   */
  reluAfter = false;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const f = this as unknown as Fields;
    const lastAxis = f.axis === -1 || f.axis === x.rank - 1;
    const stock = (args: Record<string, unknown>): tf.Tensor | tf.Tensor[] =>
      this.reluAfter ? tf.tidy(() => tf.relu(super.call(inputs, args) as tf.Tensor)) : super.call(inputs, args);
    // An untrainable layer normalises with its moving statistics even in training, as Keras 2.x
    // does (its transfer-learning guide's advice for fine-tuning): its statistics stay fixed.
    if (!this.trainable) return stock({ ...kwargs, training: false });
    if (kwargs.training !== true || !f.scale || !f.center || !lastAxis) return stock(kwargs);
    const fused = tf.tidy(() => {
      const out = batchNormTraining(x, f.gamma.read(), f.beta.read(), f.epsilon, this.reluAfter);
      if (out === undefined) return undefined;
      const [y, mean, variance] = out;
      // The moving averages exactly as tfjs-layers updates them, v - (v - value) * (1 - momentum):
      // one kernel call for both where the backend has it.
      const [newMean, newVariance] = movingAverages([[f.movingMean.read(), mean], [f.movingVariance.read(), variance]], f.momentum);
      f.movingMean.write(newMean!);
      f.movingVariance.write(newVariance!);
      return y;
    });
    return fused ?? stock(kwargs);
  }
}

// Loaded models (tf.models.modelFromJSON looks classes up by name) get the fused layer as well.
tf.serialization.registerClass(FusedBatchNormalization as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

/** A batch-norm layer as `tf.layers.batchNormalization(args)` builds it, with the fused training call. */
export function batchNormalization(args?: LayerArgs): StockLayer {
  return new FusedBatchNormalization(args);
}
