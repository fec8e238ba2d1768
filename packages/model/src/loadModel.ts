/** Load a model saved by saveModel (or any tfjs Layers model directory) with plain fs. */
import { OptionTypeError } from '@maskflow/errors';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ModelFileError } from './errors.js';
import { readModelJson, readWeights, splitWeights } from './modelFiles.js';
import { MODEL_JSON, type ModelJson } from './modelJson.js';
import { restoreOptimizerState } from './restoreOptimizerState.js';
import { compileFromTrainingConfig } from './trainingConfig.js';

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** Compile from the saved training config and restore the optimizer state. Default true. */
  compile?: boolean;
}

/** Build the topology alone to name the weight that does not fit (called only after a load failed). */
async function diagnoseWeights(json: ModelJson, specs: tf.io.WeightsManifestEntry[], file: string): Promise<ModelFileError | undefined> {
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'] } as never);
  } catch (err) {
    // The topology itself does not build: the caller reports tfjs' own message.
    void err;
    return undefined;
  }
  try {
    const expected = new Map(model.weights.map((w) => [w.originalName, w.shape]));
    for (const spec of specs) {
      const shape = expected.get(spec.name);
      if (shape === undefined) {
        return new ModelFileError(file, `weight "${spec.name}" in weightsManifest matches no weight of modelTopology's layers; the two do not belong together. Save the model again.`);
      }
      if (shape.length !== spec.shape.length || shape.some((d, i) => d !== spec.shape[i])) {
        return new ModelFileError(
          file,
          `shape mismatch for weight "${spec.name}": modelTopology needs [${shape.join(', ')}] but weightsManifest holds [${spec.shape.join(', ')}]. Save the model again.`,
        );
      }
      expected.delete(spec.name);
    }
    const [missing] = expected.keys();
    if (missing !== undefined) {
      return new ModelFileError(file, `weight "${missing}" of modelTopology is missing from weightsManifest (${expected.size} missing). Save the model again.`);
    }
    return undefined;
  } finally {
    model.dispose();
  }
}

/** Translate tfjs' load errors into ones that name the file and the culprit. */
async function explainLoadError(err: unknown, json: ModelJson, specs: tf.io.WeightsManifestEntry[], file: string): Promise<Error> {
  const message = err instanceof Error ? err.message : String(err);
  const unknownLayer = /Unknown layer: ([^\s.]+)/.exec(message);
  if (unknownLayer) {
    return new ModelFileError(
      file,
      `unknown layer class "${unknownLayer[1]}" in modelTopology. Stock tfjs layers load as is; register a custom layer with tf.serialization.registerClass before loading.`,
      { cause: err },
    );
  }
  const precise = await diagnoseWeights(json, specs, file);
  if (precise) return Object.assign(precise, { cause: err });
  return new ModelFileError(file, `tfjs could not build the model: ${message}`, { cause: err });
}

/**
 * Load `dir`/model.json and its weights. With `compile` (default), a saved training config is
 * compiled again (Maskflow's losses and metrics resolved by name) and the optimizer state restored,
 * so training resumes where it stopped.
 */
export async function loadModel(dir: string, opts: LoadModelOptions = {}): Promise<tf.LayersModel> {
  if (typeof dir !== 'string' || dir === '') throw new OptionTypeError('dir', 'a non-empty directory path', dir);
  const compile = opts.compile ?? true;
  const json = await readModelJson(dir);
  const file = join(dir, MODEL_JSON);
  const { data, specs } = await readWeights(dir, json);
  const parts = splitWeights(data, specs);
  // The training config is withheld from tfjs: it cannot resolve Maskflow's loss names.
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    format: json.format ?? 'layers-model',
    ...(json.generatedBy === undefined ? {} : { generatedBy: json.generatedBy }),
    weightSpecs: parts.model.specs,
    weightData: parts.model.data,
    ...(json.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: json.userDefinedMetadata as Record<string, object> }),
  };
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (err) {
    throw await explainLoadError(err, json, parts.model.specs, file);
  }
  const training = json.maskflowTrainingConfig ?? json.trainingConfig;
  if (!compile || training === undefined) return model;
  try {
    compileFromTrainingConfig(model, training, file);
    if (parts.optimizer.specs.length > 0) await restoreOptimizerState(model.optimizer, parts.optimizer);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

/** The metadata saved with the model (saveModel's `metadata`), or undefined if there is none. */
export async function readModelMetadata(dir: string): Promise<Record<string, unknown> | undefined> {
  if (typeof dir !== 'string' || dir === '') throw new OptionTypeError('dir', 'a non-empty directory path', dir);
  return (await readModelJson(dir)).userDefinedMetadata;
}
