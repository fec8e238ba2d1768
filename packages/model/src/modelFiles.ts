/** The on-disk layout of a model directory (tfjs Layers format) and reading it back. */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { ModelFileError } from './errors.js';
import { MODEL_JSON, WEIGHTS_BIN, checkWeightsLength, manifestOf, parseModelJson, specByteLength, type ModelJson } from './modelJson.js';

/** Sibling directory holding the previous model while saveModel swaps in the new one. */
export const PREVIOUS_SUFFIX = '.previous';

/** The bytes of `buf` as a standalone ArrayBuffer (no copy when `buf` owns its whole buffer). */
function toArrayBuffer(buf: Buffer): ArrayBuffer {
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength) return buf.buffer as ArrayBuffer;
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** true for a directory, false for another kind of file, undefined when nothing is there. */
export async function isDirectory(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Read and check model.json; errors name the file and say what to do. */
export async function readModelJson(dir: string): Promise<ModelJson> {
  const kind = await isDirectory(dir);
  if (kind === undefined) {
    const previous = `${dir}${PREVIOUS_SUFFIX}`;
    const hint = (await isDirectory(previous))
      ? ` A save was interrupted: the previous model is intact in ${previous}; rename it to ${dir}.`
      : ' Check the path, or save a model there first.';
    throw new ModelFileError(dir, `no such model directory.${hint}`);
  }
  if (!kind) throw new ModelFileError(dir, `expected a model directory (with ${MODEL_JSON} and ${WEIGHTS_BIN}) but found a file.`);
  const file = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ModelFileError(file, `cannot read (${(err as Error).message}). A model directory needs ${MODEL_JSON}; save the model again.`, { cause: err });
  }
  return parseModelJson(text, file);
}

/** Read every weights file of the manifest, concatenated in manifest order, and check the total size. */
export async function readWeights(dir: string, json: ModelJson): Promise<{ data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] }> {
  const { paths, specs } = manifestOf(json);
  const buffers: Buffer[] = [];
  for (const path of paths) {
    const file = join(dir, path);
    try {
      buffers.push(await readFile(file));
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      const what = missing ? `is missing but ${MODEL_JSON} lists it` : `cannot be read (${(err as Error).message})`;
      throw new ModelFileError(file, `weights file ${what}. Restore the file or save the model again.`, { cause: err });
    }
  }
  const actual = buffers.reduce((sum, b) => sum + b.length, 0);
  const file = paths.length === 1 ? join(dir, paths[0] as string) : `${dir} (${paths.join(', ')})`;
  checkWeightsLength(actual, specs, file, 'Restore the files or save the model again.');
  return { data: toArrayBuffer(Buffer.concat(buffers)), specs };
}

/** Split weights into the model's and the optimizer's (tfjs tags the latter with group 'optimizer'). */
export function splitWeights(
  data: ArrayBuffer,
  specs: tf.io.WeightsManifestEntry[],
): Record<'model' | 'optimizer', { data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] }> {
  const parts = { model: { chunks: [] as Uint8Array[], specs: [] as tf.io.WeightsManifestEntry[] }, optimizer: { chunks: [] as Uint8Array[], specs: [] as tf.io.WeightsManifestEntry[] } };
  let offset = 0;
  for (const spec of specs) {
    const length = specByteLength(spec);
    const part = spec.group === 'optimizer' ? parts.optimizer : parts.model;
    part.chunks.push(new Uint8Array(data, offset, length));
    part.specs.push(spec);
    offset += length;
  }
  const join = (chunks: Uint8Array[]): ArrayBuffer => toArrayBuffer(Buffer.concat(chunks));
  return {
    model: { data: join(parts.model.chunks), specs: parts.model.specs },
    optimizer: { data: join(parts.optimizer.chunks), specs: parts.optimizer.specs },
  };
}
