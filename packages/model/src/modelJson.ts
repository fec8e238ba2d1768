/**
 * model.json of the tfjs Layers format: its shape, its checks, and the bytes its weights take.
 * Browser-safe (no Node, TensorFlow.js types only): loadModel checks a model directory with it and
 * the demo page checks the files a user picked, so both say the same thing about a bad model.
 */
import type * as tf from '@tensorflow/tfjs';
import { ModelFileError } from './errors.js';
import type { TrainingConfig } from './trainingConfig.js';

/** The topology + manifest file, as tf.loadLayersModel expects it. */
export const MODEL_JSON = 'model.json';
/** The single weights shard saveModel writes. */
export const WEIGHTS_BIN = 'weights.bin';

/** model.json: the tfjs Layers format, plus where Maskflow keeps a config stock tfjs cannot compile. */
export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  /** Stock key: compiled by tf.loadLayersModel too; used when every loss and metric is a tfjs built-in. */
  trainingConfig?: TrainingConfig;
  /** Used when the config names @maskflow/model's losses: stock tfjs ignores this key. */
  maskflowTrainingConfig?: TrainingConfig;
  userDefinedMetadata?: Record<string, unknown>;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** Parse the text of model.json (`file` names it in errors) and check it is a Layers model with a weights manifest. */
export function parseModelJson(text: string, file: string): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelFileError(file, `is not valid JSON (${(err as Error).message}); the file is damaged: save the model again.`, { cause: err });
  }
  const obj = json as Partial<ModelJson>;
  if (typeof obj !== 'object' || obj === null || typeof obj.modelTopology !== 'object' || obj.modelTopology === null) {
    throw new ModelFileError(file, 'expected a tfjs Layers model with a "modelTopology" object but found none.');
  }
  if (obj.format === 'graph-model') {
    throw new ModelFileError(file, 'is a tfjs graph model (converted SavedModel), not a Layers model: load it with tf.loadGraphModel.');
  }
  if (!Array.isArray(obj.weightsManifest) || obj.weightsManifest.some((g) => !Array.isArray(g?.paths) || !Array.isArray(g?.weights))) {
    throw new ModelFileError(file, 'expected a "weightsManifest" array of { paths, weights } groups but it is missing or malformed.');
  }
  return obj as ModelJson;
}

/** The weights files and weight specs of the manifest, in manifest order. */
export function manifestOf(json: ModelJson): { paths: string[]; specs: tf.io.WeightsManifestEntry[] } {
  return { paths: json.weightsManifest.flatMap((group) => group.paths), specs: json.weightsManifest.flatMap((group) => group.weights) };
}

/** Bytes a weight occupies in the weights file (quantised weights use their stored dtype). */
export function specByteLength(spec: tf.io.WeightsManifestEntry): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES[dtype];
  if (bytes === undefined) throw new ModelFileError(MODEL_JSON, `weight "${spec.name}" has dtype ${dtype}, which Maskflow cannot load.`);
  return spec.shape.reduce((a, b) => a * b, 1) * bytes;
}

/**
 * Check that the weights (`actual` bytes in `file`) are the size the manifest's `specs` describe;
 * `hint` says what to do about a mismatch where the caller is (restore the files, pick others).
 */
export function checkWeightsLength(actual: number, specs: tf.io.WeightsManifestEntry[], file: string, hint: string): void {
  const expected = specs.reduce((sum, spec) => sum + specByteLength(spec), 0);
  if (actual === expected) return;
  const why = actual < expected ? 'they are truncated (an interrupted copy or save?) or belong to another model.json' : 'they belong to another model.json';
  throw new ModelFileError(file, `has ${actual} bytes but ${MODEL_JSON} describes ${expected} (${specs.length} weights): ${why}. ${hint}`);
}
