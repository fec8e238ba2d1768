/** Save a LayersModel as model.json + weights.bin with plain fs, atomically. */
import { OptionRangeError, OptionTypeError } from '@maskflow/errors';
import { mkdir, mkdtemp, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { isDirectory, PREVIOUS_SUFFIX } from './modelFiles.js';
import { MODEL_JSON, WEIGHTS_BIN, type ModelJson } from './modelJson.js';
import { trainingConfigOf } from './trainingConfig.js';

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /** Also save the loss, metrics, optimizer config and optimizer state. Default: true when compiled. */
  includeOptimizer?: boolean;
  /** JSON-serialisable data stored as the model's userDefinedMetadata (read with readModelMetadata). */
  metadata?: Record<string, unknown>;
  /**
   * More files published with the model in the same atomic save, name → bytes: names end in .bin
   * (so a later save may replace the directory) and are not weights.bin. Loaders ignore them
   * (model.json's manifest lists weights.bin only); the trainer keeps its weight average here.
   */
  files?: Record<string, Uint8Array>;
}

/** Write a file and flush it to disk, so the rename that publishes it never exposes a partial file. */
async function writeDurable(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Refuse to replace a directory that holds anything but a saved model: its files would be lost. */
async function checkReplaceable(dir: string): Promise<void> {
  const kind = await isDirectory(dir);
  if (kind === undefined) return;
  if (!kind) throw new OptionRangeError('dir', 'a directory path (new, empty, or a saved model)', dir, 'It is a file; choose another path.');
  const entries = await readdir(dir);
  const foreign = entries.filter((name) => name !== MODEL_JSON && !name.endsWith('.bin'));
  if (foreign.length > 0) {
    throw new OptionRangeError(
      'dir',
      `a new or empty directory, or one holding a saved model (${MODEL_JSON}, *.bin)`,
      dir,
      `It also holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}, which saving would delete; choose another directory.`,
    );
  }
}

/** Serialise `model` into model.json's object and the weights bytes (model weights, then optimizer's). */
async function serialize(model: tf.LayersModel, opts: SaveModelOptions): Promise<{ json: ModelJson; weights: Uint8Array }> {
  const includeOptimizer = opts.includeOptimizer ?? model.optimizer != null;
  if (includeOptimizer && model.optimizer == null) {
    throw new OptionRangeError('includeOptimizer', 'false for a model that is not compiled', true, 'Compile the model first, or pass includeOptimizer: false.');
  }
  // Resolve the training config first: it throws on unregistered loss functions before any I/O.
  const training = includeOptimizer ? trainingConfigOf(model) : undefined;
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
    { includeOptimizer: false },
  );
  const artifacts = captured as tf.io.ModelArtifacts;
  const specs = [...(artifacts.weightSpecs ?? [])];
  const chunks = [artifacts.weightData ?? new ArrayBuffer(0)].flat();
  if (includeOptimizer) {
    // tfjs' own includeOptimizer path never disposes the iteration-count scalar that
    // optimizer.getWeights() creates (one leaked tensor per save), so encode the state here and
    // dispose every returned tensor that is not one of the optimizer's own variables.
    const state = await model.optimizer.getWeights();
    try {
      const encoded = await tf.io.encodeWeights(state, 'optimizer');
      specs.push(...encoded.specs);
      chunks.push(encoded.data);
    } finally {
      tf.dispose(state.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
    }
  }
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(chunks));
  const metadata = opts.metadata ?? model.getUserDefinedMetadata();
  const json: ModelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js v${tf.version.tfjs}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology as Record<string, unknown>,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: specs }],
    ...(training === undefined ? {} : training.usesCustom ? { maskflowTrainingConfig: training.config } : { trainingConfig: training.config }),
    ...(metadata === undefined ? {} : { userDefinedMetadata: metadata as Record<string, unknown> }),
  };
  return { json, weights };
}

/**
 * Save `model` to `dir` as model.json + weights.bin (loadable by loadModel, and by
 * tf.loadLayersModel in a browser). Atomic: the files are written and flushed in a temporary
 * sibling directory, the old model is moved aside, the new one renamed in, and the old one deleted.
 * If the process dies between the two renames, `dir` is missing and `<dir>.previous` holds the
 * old model intact (loadModel's error says so).
 */
export async function saveModel(model: tf.LayersModel, dir: string, opts: SaveModelOptions = {}): Promise<void> {
  if (!(model instanceof tf.LayersModel)) throw new OptionTypeError('model', 'a tf.LayersModel', model);
  if (typeof dir !== 'string' || dir === '') throw new OptionTypeError('dir', 'a non-empty directory path', dir);
  if (opts.metadata !== undefined && (typeof opts.metadata !== 'object' || opts.metadata === null || Array.isArray(opts.metadata))) {
    throw new OptionTypeError('metadata', 'a plain object', opts.metadata);
  }
  const files = Object.entries(opts.files ?? {});
  for (const [name, bytes] of files) {
    if (!/^[\w.-]+\.bin$/.test(name) || name === WEIGHTS_BIN || !(bytes instanceof Uint8Array)) {
      throw new OptionRangeError('files', `file names ending in .bin other than ${WEIGHTS_BIN}, each with Uint8Array bytes`, name);
    }
  }
  const target = resolve(dir);
  await checkReplaceable(target);
  const { json, weights } = await serialize(model, opts);
  const text = JSON.stringify(json);

  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, `.${basename(target)}.saving-`));
  const previous = `${target}${PREVIOUS_SUFFIX}`;
  try {
    await writeDurable(join(tmp, WEIGHTS_BIN), weights);
    for (const [name, bytes] of files) await writeDurable(join(tmp, name), bytes);
    await writeDurable(join(tmp, MODEL_JSON), text);
    await syncDir(tmp);
    const hadModel = (await isDirectory(target)) === true;
    if (hadModel) {
      await rm(previous, { recursive: true, force: true });
      await rename(target, previous);
    }
    try {
      await rename(tmp, target);
    } catch (err) {
      if (hadModel) await rename(previous, target);
      throw err;
    }
    await syncDir(parent);
    await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
