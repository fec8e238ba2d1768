/**
 * Start a new model from a saved one's weights (fine-tuning): Keras' `model.load_weights`,
 * PyTorch's `load_state_dict` before training. Only the model's weights are taken, not the
 * optimizer's state or the training config: the new run trains with its own.
 */
import { OptionTypeError } from '@maskflow/errors';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ModelFileError } from './errors.js';
import { readModelJson, readWeights, splitWeights } from './modelFiles.js';
import { MODEL_JSON } from './modelJson.js';

/** A saved model's weights, read and checked but not yet tensors: holds no tfjs memory. */
export interface SavedWeights {
  /** The model.json the weights were read with (named in errors). */
  file: string;
  data: ArrayBuffer;
  specs: tf.io.WeightsManifestEntry[];
}

/** Read the model weights of the model saved in `dir` (a run's best/ or last/, or any saveModel directory). */
export async function readSavedWeights(dir: string): Promise<SavedWeights> {
  if (typeof dir !== 'string' || dir === '') throw new OptionTypeError('dir', 'a non-empty directory path', dir);
  const json = await readModelJson(dir);
  const { data, specs } = await readWeights(dir, json);
  return { file: join(dir, MODEL_JSON), ...splitWeights(data, specs).model };
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Set every weight of `model` (batch-norm statistics included) to the saved weight of the same
 * name. Both must hold the same weights with the same shapes: a model built with other U-Net
 * settings is refused, naming the first weight that differs, and `model` is then left unchanged.
 */
export function assignSavedWeights(model: tf.LayersModel, saved: SavedWeights): void {
  const specByName = new Map(saved.specs.map((spec) => [spec.name, spec]));
  const advice = 'Build the model with the settings the saved one was trained with (size may differ; encoder, base filters, depth and max filters may not: a model trained with the CPU preset before it took the MobileNetV2 encoder needs --encoder unet).';
  for (const weight of model.weights) {
    const spec = specByName.get(weight.originalName);
    if (spec === undefined) {
      throw new ModelFileError(saved.file, `has no weight "${weight.originalName}", which this model needs: it was saved from another architecture. ${advice}`);
    }
    if (spec.shape.length !== weight.shape.length || spec.shape.some((d, i) => d !== weight.shape[i])) {
      throw new ModelFileError(saved.file, `holds "${weight.originalName}" as ${shapeText(spec.shape)} but this model needs ${shapeText(weight.shape as number[])}. ${advice}`);
    }
    specByName.delete(weight.originalName);
  }
  const [extra] = specByName.keys();
  if (extra !== undefined) {
    throw new ModelFileError(saved.file, `holds weight "${extra}" that this model lacks (${specByName.size} such): it was saved from another architecture. ${advice}`);
  }
  // decodeWeights makes one tensor per weight; write() points each variable at its tensor's data
  // and takes a reference to it, so disposing the decoded tensors afterwards keeps the data the
  // variables now hold.
  const decoded = tf.io.decodeWeights(saved.data, saved.specs);
  try {
    for (const weight of model.weights) weight.write(decoded[weight.originalName] as tf.Tensor);
  } finally {
    tf.dispose(Object.values(decoded));
  }
}
