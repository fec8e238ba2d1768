/** Run the model on one image with the shared preprocessing; probabilities back at model size. */
import * as tf from '@tensorflow/tfjs';
import { toModelInput } from '@maskflow/preprocess';

/** The model's probabilities for one image and how long each step took. */
export interface Segmentation {
  /** [height, width] probabilities at the model's input size, row-major. */
  probabilities: Float32Array;
  preprocessMs: number;
  /** model.predict plus reading the result back (what the backend costs). */
  modelMs: number;
}

/** Predict `x` ([1, h, w, 3] float data) and read the probabilities; disposes every tensor it makes. */
async function predictData(model: tf.LayersModel, x: Float32Array, [height, width]: [number, number]): Promise<Float32Array> {
  const output = tf.tidy(() => model.predict(tf.tensor4d(x, [1, height, width, 3])) as tf.Tensor);
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}

/** Segment `image` (RGBA pixels) with `model`, whose input is `size` = [height, width]. */
export async function segment(model: tf.LayersModel, image: ImageData, size: [number, number]): Promise<Segmentation> {
  const t0 = performance.now();
  const x = toModelInput(image, size);
  const t1 = performance.now();
  const probabilities = await predictData(model, x, size);
  const t2 = performance.now();
  return { probabilities, preprocessMs: t1 - t0, modelMs: t2 - t1 };
}

/** One prediction on zeros: compiles shaders / warms caches so the first image's time is typical. */
export async function warmUp(model: tf.LayersModel, size: [number, number]): Promise<void> {
  await predictData(model, new Float32Array(size[0] * size[1] * 3), size);
}
