/**
 * The weight average (--ema) in a checkpoint: its tensors as `average.bin` beside weights.bin,
 * their specs in model.json's metadata. model.json's manifest does not list the file, so
 * loadModel and tf.loadLayersModel read the raw weights and ignore it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readModelMetadata, tf, WeightAverage } from '@maskflow/model';
import { CheckpointError } from '../errors.js';

/** The average's file name in last/. */
export const AVERAGE_BIN = 'average.bin';
/** Key of the average's entry ({ specs }) in the checkpoint's userDefinedMetadata (its decay is the run's --ema). */
export const AVERAGE_KEY = 'maskflowWeightAverage';

/** What AVERAGE_KEY holds. */
interface AverageEntry {
  specs: tf.io.WeightsManifestEntry[];
}

/** The average's bytes (model.weights order, named by index) and its metadata entry. */
export async function encodeAverage(average: WeightAverage): Promise<{ bytes: Uint8Array; entry: AverageEntry }> {
  const tensors = average.snapshot();
  try {
    const { data, specs } = await tf.io.encodeWeights(tensors.map((tensor, i) => ({ name: String(i), tensor })));
    return { bytes: new Uint8Array(data), entry: { specs } };
  } finally {
    tf.dispose(tensors);
  }
}

/**
 * The averaged weights saved in checkpoint `dir`, in model.weights order (the caller disposes
 * them), or undefined when it has none: a run without --ema, or best/, whose weights are the
 * average. Throws CheckpointError when the file does not match its specs.
 */
export async function readWeightAverage(dir: string): Promise<tf.Tensor[] | undefined> {
  const entry = (await readModelMetadata(dir))?.[AVERAGE_KEY] as AverageEntry | undefined;
  const file = join(dir, AVERAGE_BIN);
  if (entry === undefined || !existsSync(file)) return undefined;
  try {
    const bytes = await readFile(file);
    const specs = entry.specs;
    const need = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
    if (bytes.byteLength !== need) throw new Error(`${bytes.byteLength} bytes where its ${specs.length} tensors take ${need}`);
    const map = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), specs);
    return specs.map((s) => map[s.name] as tf.Tensor);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CheckpointError(file, `the weight average file is damaged (${reason})`, `delete it to restart the weight average from the checkpoint's weights`, { cause: error });
  }
}

/**
 * The run's weight average (--ema, `decay` > 0; undefined when 0), continued from the resumed
 * checkpoint's average when there is one; `updates` is the steps trained so far (the decay ramp
 * goes on from there). Without a saved average (resuming from best/), it starts from the loaded weights.
 */
export async function startWeightAverage(
  model: tf.LayersModel,
  decay: number,
  resumedFrom: string | undefined,
  updates: number,
  say: (message: string) => void,
): Promise<WeightAverage | undefined> {
  if (decay === 0) return undefined;
  const average = new WeightAverage(model, decay, updates);
  if (resumedFrom === undefined) return average;
  const saved = await readWeightAverage(resumedFrom);
  if (saved === undefined) {
    say(`${resumedFrom} has no ${AVERAGE_BIN}: the weight average starts again from its weights`);
    return average;
  }
  try {
    average.restore(saved, updates);
  } catch (error) {
    average.dispose();
    throw new CheckpointError(join(resumedFrom, AVERAGE_BIN), `the weight average does not fit the model (${(error as Error).message})`, 'delete it to restart the weight average', { cause: error });
  } finally {
    tf.dispose(saved);
  }
  return average;
}
