/** Read a tfjs Layers model (model.json + weights) from picked files or a URL, checking it first. */
import { MODEL_JSON, WEIGHTS_BIN, checkWeightsLength, manifestOf, parseModelJson } from '@maskflow/model/modelJson';
import type * as tf from '@tensorflow/tfjs';
import { DemoError } from './errors.js';

/** The checked parts of a model, ready for tf.io.fromMemory, and a label for the page. */
export interface ModelSource {
  artifacts: tf.io.ModelArtifacts;
  label: string;
}

/** Parse and check model.json (the checks loadModel makes); returns its topology and weight groups. */
function parseManifest(text: string, name: string): { topology: object; paths: string[]; specs: tf.io.WeightsManifestEntry[] } {
  const json = parseModelJson(text, name);
  return { topology: json.modelTopology, ...manifestOf(json) };
}

/** Join the weight buffers, checking their size against the manifest as loadModel does. */
function joinWeights(buffers: ArrayBuffer[], paths: string[], specs: tf.io.WeightsManifestEntry[]): ArrayBuffer {
  const actual = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  checkWeightsLength(actual, specs, paths.join(' + '), `Pick the ${MODEL_JSON} and ${WEIGHTS_BIN} saved together.`);
  const joined = new Uint8Array(actual);
  let offset = 0;
  for (const b of buffers) {
    joined.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return joined.buffer;
}

/** Artifacts for tf.io.fromMemory. The training config is left out: the page only predicts. */
function toArtifacts(topology: object, specs: tf.io.WeightsManifestEntry[], weightData: ArrayBuffer): tf.io.ModelArtifacts {
  return { modelTopology: topology, weightSpecs: specs, weightData, format: 'layers-model' };
}

/** From files picked together in the model input: one model.json and the weights files it lists. */
export async function artifactsFromFiles(files: File[]): Promise<ModelSource> {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsons.length !== 1) {
    const got = files.length === 0 ? 'no files' : files.map((f) => f.name).join(', ');
    throw new DemoError(`Pick exactly one model.json together with its weights file (weights.bin); got ${got}.`);
  }
  const jsonFile = jsons[0] as File;
  const { topology, paths, specs } = parseManifest(await jsonFile.text(), jsonFile.name);
  const byName = new Map(files.map((f) => [f.name, f]));
  const missing = paths.filter((p) => !byName.has(p.split('/').pop() as string));
  if (missing.length > 0) {
    throw new DemoError(`${jsonFile.name} needs ${missing.join(', ')}, which ${missing.length === 1 ? 'was' : 'were'} not picked: select ${jsonFile.name} and ${paths.join(', ')} together.`);
  }
  const buffers = await Promise.all(paths.map((p) => (byName.get(p.split('/').pop() as string) as File).arrayBuffer()));
  return { artifacts: toArtifacts(topology, specs, joinWeights(buffers, paths, specs)), label: `${jsonFile.name} + ${paths.join(', ')}` };
}

/** Fetch `url`, turning network and HTTP failures into a message naming the file. */
async function fetchOk(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DemoError(`Could not fetch ${what} from ${url} (${(error as Error).message}). Check the ?model= URL and that the server is running.`, { cause: error });
  }
  if (!response.ok) throw new DemoError(`Could not fetch ${what} from ${url}: HTTP ${response.status} ${response.statusText}. Check the ?model= URL.`);
  return response;
}

/** From a URL of model.json; the weights are fetched relative to it, as tf.loadLayersModel does. */
export async function artifactsFromUrl(url: string): Promise<ModelSource> {
  const jsonUrl = new URL(url, document.baseURI);
  const { topology, paths, specs } = parseManifest(await (await fetchOk(jsonUrl.href, 'model.json')).text(), jsonUrl.pathname.split('/').pop() || 'model.json');
  const buffers = await Promise.all(paths.map(async (p) => (await fetchOk(new URL(p, jsonUrl).href, p)).arrayBuffer()));
  return { artifacts: toArtifacts(topology, specs, joinWeights(buffers, paths, specs)), label: jsonUrl.pathname };
}
