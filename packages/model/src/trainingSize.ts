/**
 * Training a compiled U-Net on batches of another size than its Input layer's (progressive
 * resizing): the network is fully convolutional, so its weights fit any size divisible by
 * 2^depth; only tfjs-layers' shape checks stand in the way.
 */
import type * as tf from '@tensorflow/tfjs';

/** The records trainOnBatch and predict check each batch against (the Input layer's shape; the output's, set by compile). */
interface FeedShapes {
  feedInputShapes: (number | null)[][];
  feedOutputShapes: (number | null)[][] | undefined;
}

/**
 * Make `model.trainOnBatch` take batches of [height, width] = `size`. tfjs-layers compares every
 * batch given to trainOnBatch and predict with the shapes it recorded from the Input layer and at
 * compile time. For a size other than the model's own this clears the height and width of those
 * records, so the smaller training batches and validation's full-size batches both pass (the
 * layers themselves take any size); the model's own size puts the exact check back. The model's
 * input shape and the saved model.json keep the size it was built with. Call it after compile.
 */
export function setTrainingSize(model: tf.LayersModel, size: readonly [number, number]): void {
  const shapes = model as unknown as FeedShapes;
  if (shapes.feedOutputShapes === undefined || model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error('setTrainingSize needs a compiled model with one input and one output');
  }
  const input = model.inputs[0]!.shape;
  const own = input[1] === size[0] && input[2] === size[1];
  const feed = (shape: readonly (number | null)[]): (number | null)[] => (own ? [...shape] : [shape[0] ?? null, null, null, ...shape.slice(3)]);
  shapes.feedInputShapes = [feed(input)];
  shapes.feedOutputShapes = [feed(model.outputs[0]!.shape)];
}
