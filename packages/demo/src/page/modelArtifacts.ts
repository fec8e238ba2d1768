/** Read a tfjs Layers model (model.json + weights) from picked files or a URL, checking it first. */
import type * as tf from '@tensorflow/tfjs';
import { DemoError } from './errors.js';

/** The checked parts of a model, ready for tf.io.fromMemory, and a label for the page. */
export interface ModelSource {
  artifacts: tf.io.ModelArtifacts;
  label: string;
}

interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: { paths?: unknown; weights?: unknown }[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** Parse and check model.json; returns its topology and weight groups. */
function parseModelJson(text: string, name: string): { topology: object; paths: string[]; specs: tf.io.WeightsManifestEntry[] } {
  let json: ModelJson;
  try {
    json = JSON.parse(text) as ModelJson;
  } catch (error) {
    throw new DemoError(`${name} is not valid JSON (${(error as Error).message}). Pick the model.json that maskflow train saved.`, { cause: error });
  }
  if (typeof json !== 'object' || json === null) throw new DemoError(`${name} is not a tfjs model: expected an object with "modelTopology".`);
  if (json.format === 'graph-model') throw new DemoError(`${name} is a tfjs graph model; the demo runs Layers models (model.json + weights.bin saved by maskflow train).`);
  if (typeof json.modelTopology !== 'object' || json.modelTopology === null) {
    throw new DemoError(`${name} has no "modelTopology": it is not a tfjs Layers model. Pick the model.json that maskflow train saved.`);
  }
  const groups = json.weightsManifest;
  if (!Array.isArray(groups) || groups.some((g) => !Array.isArray(g?.paths) || !Array.isArray(g?.weights))) {
    throw new DemoError(`${name} has no valid "weightsManifest" ({ paths, weights } groups): the file is damaged; save the model again.`);
  }
  const paths = groups.flatMap((g) => g.paths as string[]);
  const specs = groups.flatMap((g) => g.weights as tf.io.WeightsManifestEntry[]);
  return { topology: json.modelTopology, paths, specs };
}

/** Bytes the manifest says the weights take. */
function expectedBytes(specs: tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = BYTES[dtype];
    if (bytes === undefined) throw new DemoError(`model.json: weight "${spec.name}" has dtype ${dtype}, which the demo cannot load.`);
    total += spec.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  return total;
}

/** Join the weight buffers and check their size against the manifest. */
function joinWeights(buffers: ArrayBuffer[], paths: string[], specs: tf.io.WeightsManifestEntry[]): ArrayBuffer {
  const expected = expectedBytes(specs);
  const actual = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  if (actual !== expected) {
    throw new DemoError(
      `${paths.join(' + ')} ${paths.length === 1 ? 'has' : 'have'} ${actual} bytes but model.json describes ${expected}: the weights belong to another model or were truncated. Pick the model.json and weights.bin saved together.`,
    );
  }
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
  const { topology, paths, specs } = parseModelJson(await jsonFile.text(), jsonFile.name);
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
  const { topology, paths, specs } = parseModelJson(await (await fetchOk(jsonUrl.href, 'model.json')).text(), jsonUrl.pathname.split('/').pop() || 'model.json');
  const buffers = await Promise.all(paths.map(async (p) => (await fetchOk(new URL(p, jsonUrl).href, p)).arrayBuffer()));
  return { artifacts: toArtifacts(topology, specs, joinWeights(buffers, paths, specs)), label: jsonUrl.pathname };
}
