/** Load a model for evaluation or prediction: the backend, a run directory or checkpoint, its metadata. */
import { initBackend, loadModel, type tf } from '@maskflow/model';
import { findCheckpointDir, readTrainState } from '../checkpoint/checkpoint.js';
import type { TrainState } from '../checkpoint/trainState.js';
import type { BackendPreference } from '../config/trainConfig.js';
import { CheckpointError } from '../errors.js';
import { modelInputSize } from './predictProbabilities.js';

/** A loaded model with where it came from and the training state saved with it (if any). */
export interface OpenedModel {
  model: tf.LayersModel;
  dir: string;
  size: [number, number];
  state: TrainState | undefined;
  backend: string;
}

/**
 * Start the backend and load `path`: a checkpoint directory, or a run directory (its best/).
 * A missing or damaged model names the file and what is wrong.
 */
export async function openModel(path: string, backend: BackendPreference = 'auto'): Promise<OpenedModel> {
  const dir = findCheckpointDir(path, 'best');
  const chosen = await initBackend({ prefer: backend });
  let model: tf.LayersModel;
  try {
    model = await loadModel(dir, { compile: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CheckpointError(dir, `cannot load the model (${reason})`, 'check the directory, or train again', { cause: error });
  }
  let state: TrainState | undefined;
  try {
    state = await readTrainState(dir);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    state = undefined;
  }
  return { model, dir, size: modelInputSize(model, dir), state, backend: chosen.backend };
}
