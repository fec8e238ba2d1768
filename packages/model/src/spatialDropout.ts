/**
 * Spatial dropout (Keras SpatialDropout2D, PyTorch Dropout2d): in training, each of an image's
 * feature maps is zeroed whole with probability `rate` and the kept ones are scaled by
 * 1 / (1 - rate); outside training it is the identity. Whole maps rather than single pixels
 * because neighbouring pixels of a convolution's output are strongly correlated, so dropping one
 * pixel hides next to nothing (Tompson et al. 2015).
 *
 * It is tfjs-layers' Dropout with noiseShape [null, 1, 1, null], and keeps its class name and
 * config, so a saved model loads anywhere (the browser demo too) as the stock layer. What it changes
 * is where the masks come from: stock Dropout draws every call with the layer's one seed, which
 * would drop the same maps on every step, and without a seed draws from Math.random, which no run
 * can repeat. Here call n of a layer with `seed` draws with seed + n, so a seeded run repeats, and a
 * resumed one continues the sequence (resumeDropoutDraws).
 */
import * as tf from '@tensorflow/tfjs';

type StockLayer = ReturnType<typeof tf.layers.dropout>;
type LayerArgs = Parameters<typeof tf.layers.dropout>[0];

/** The stock class, taken from tfjs' serialization map before this module registers its own under the same name. */
const StockDropout = tf.serialization.SerializationMap.getMap().classNameMap.Dropout![0] as unknown as new (args: LayerArgs) => StockLayer;

/** The fields of tfjs-layers' Dropout this call reads (private in its typings). */
interface Fields {
  rate: number;
  seed?: number;
  noiseShape?: (number | null)[];
}

/** tfjs-layers' Dropout whose masks follow a seed that advances with every training call. */
export class SeededDropout extends StockDropout {
  /** tfjs' class name, so model.json stays the stock layer's. */
  static className = 'Dropout';

  /** Training calls so far: the next mask's seed is the layer's seed + calls. */
  private calls = 0;

  /** Draw next as after `calls` training calls (a resumed run: see resumeDropoutDraws). */
  resumeAt(calls: number): void {
    this.calls = calls;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const { rate, seed, noiseShape } = this as unknown as Fields;
    if (kwargs.training !== true || !(rate > 0 && rate < 1)) return super.call(inputs, kwargs);
    const drawSeed = seed === undefined ? undefined : seed + this.calls;
    this.calls++;
    return tf.tidy(() => {
      const shape = noiseShape === undefined ? x.shape : noiseShape.map((n, i) => n ?? x.shape[i]!);
      // The mask is a constant of the step: gradients flow through the multiply only.
      const keep = tf.randomUniform(shape, 0, 1, 'float32', drawSeed).greaterEqual(rate);
      return x.mul(keep.cast('float32').mul(1 / (1 - rate)));
    });
  }
}

// Loaded models (a resumed run) get the advancing seed as well; a loaded Dropout keeps its own noise shape.
tf.serialization.registerClass(SeededDropout as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

/** A spatial dropout layer: whole feature maps of [batch, height, width, channels] inputs; `seed` makes its masks repeat run to run. */
export function spatialDropout(args: { rate: number; seed?: number; name?: string }): StockLayer {
  // null entries take the input's size (tfjs-layers' Dropout.getNoiseShape); the typings say
  // number[], the runtime and Keras' config say null.
  return new SeededDropout({ ...args, noiseShape: [null, 1, 1, null] as unknown as number[] });
}

/**
 * Set every SeededDropout layer of `model` to draw as it would after `steps` training calls (one
 * per step), so a run resumed after `steps` steps draws the masks an uninterrupted run would.
 */
export function resumeDropoutDraws(model: tf.LayersModel, steps: number): void {
  for (const layer of model.layers) if (layer instanceof SeededDropout) layer.resumeAt(steps);
}
