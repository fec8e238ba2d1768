/** best/ and last/ checkpoints: weights, optimizer state and the trainer's state, saved atomically. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readModelMetadata, saveModel, type tf, type WeightAverage } from '@maskflow/model';
import { CheckpointError } from '../errors.js';
import { AVERAGE_BIN, AVERAGE_KEY, encodeAverage } from './averageFile.js';
import type { TrainState } from './trainState.js';

/** Key of the trainer state inside the model's userDefinedMetadata. */
const STATE_KEY = 'maskflowTrainState';

/**
 * Save `model` with its optimizer and `state` into `dir`, and with `average` its averaged weights
 * as AVERAGE_BIN (what --resume continues the average from). saveModel writes a sibling temporary
 * directory and renames it into place, so a kill at any moment leaves the previous checkpoint
 * (or `<dir>.previous`, which readCheckpoint falls back to), its average file with it.
 */
export async function saveCheckpoint(model: tf.LayersModel, dir: string, state: TrainState, average?: WeightAverage): Promise<void> {
  const metadata: Record<string, unknown> = { [STATE_KEY]: state };
  let files: Record<string, Uint8Array> | undefined;
  if (average !== undefined) {
    const encoded = await encodeAverage(average);
    metadata[AVERAGE_KEY] = encoded.entry;
    files = { [AVERAGE_BIN]: encoded.bytes };
  }
  await saveModel(model, dir, { includeOptimizer: true, metadata, ...(files === undefined ? {} : { files }) });
}

/**
 * The checkpoint directory to load from `path`: a run directory (its last/), or a checkpoint
 * directory itself; when a save was cut between its two renames, the `.previous` copy.
 */
export function findCheckpointDir(path: string, prefer: 'last' | 'best' = 'last'): string {
  const abs = resolve(path);
  const candidates = [join(abs, prefer), `${join(abs, prefer)}.previous`, abs, `${abs}.previous`];
  const found = candidates.find((dir) => existsSync(join(dir, 'model.json')));
  if (!found) {
    throw new CheckpointError(abs, `no model.json here nor in ${prefer}/`, `pass a run directory (runs/<run>) or its ${prefer}/ directory`);
  }
  return found;
}

/** The trainer state saved in checkpoint `dir`; throws CheckpointError if it has none. */
export async function readTrainState(dir: string): Promise<TrainState> {
  let metadata: Record<string, unknown> | undefined;
  try {
    metadata = await readModelMetadata(dir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CheckpointError(dir, `cannot read model.json (${reason})`, 'resume from another checkpoint, or start a new run', { cause: error });
  }
  const state = metadata?.[STATE_KEY] as TrainState | undefined;
  if (state?.format !== 1 || typeof state.epoch !== 'number' || typeof state.config !== 'object') {
    throw new CheckpointError(dir, 'has no Maskflow training state (saved by another tool, or by best/ of an older version)', 'resume from a run directory written by `maskflow train`');
  }
  return state;
}
