/** Check that a loaded model fits the demo (RGB in, one-channel mask out) and read its input size. */
import type * as tf from '@tensorflow/tfjs';
import { DemoError } from './errors.js';

const shapeText = (shape: unknown): string => `[${(shape as (number | null)[]).map((d) => (d === null ? 'null' : d)).join(', ')}]`;

/** The [height, width] the model takes; throws a DemoError naming the shape when it does not fit. */
export function modelInputSize(model: tf.LayersModel): [number, number] {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new DemoError(`This model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; the demo needs one image in and one mask out (a Maskflow U-Net).`);
  }
  const input = (model.inputs[0] as tf.SymbolicTensor).shape;
  const output = (model.outputs[0] as tf.SymbolicTensor).shape;
  if (input.length !== 4) throw new DemoError(`This model's input shape is ${shapeText(input)}; the demo needs images [batch, height, width, 3].`);
  const [, height, width, channels] = input;
  if (channels !== 3) {
    throw new DemoError(`This model expects ${channels ?? 'any number of'} input channels (input shape ${shapeText(input)}), but the demo feeds RGB images with 3 channels. Load a model trained on RGB images.`);
  }
  if (typeof height !== 'number' || typeof width !== 'number') {
    throw new DemoError(`This model has no fixed input size (input shape ${shapeText(input)}); save it with a fixed [height, width] (maskflow train does).`);
  }
  if (output.length !== 4 || output[1] !== height || output[2] !== width || output[3] !== 1) {
    throw new DemoError(`This model outputs ${shapeText(output)}; the demo needs a one-channel mask at the input size, [batch, ${height}, ${width}, 1].`);
  }
  return [height, width];
}
