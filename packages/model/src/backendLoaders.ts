/**
 * One loader per backend initBackend can choose. Optional packages are loaded with dynamic
 * import, so a missing one becomes a skip reason instead of a crash at import time.
 */
import * as tf from '@tensorflow/tfjs';
import { isUserError } from '@maskflow/errors';
import type { AdapterDescription } from '@maskflow/webgpu';

/** A backend that loaded: its tfjs name, whether it runs on a GPU, and caveats for the user. */
export interface LoadedBackend {
  backend: string;
  gpu: boolean;
  warnings: string[];
  /** The WebGPU adapter, for maskflow-webgpu. */
  adapter?: AdapterDescription;
  /** How the backend runs, in words (maskflow-cpu: kernel threads and WebAssembly build). */
  detail?: string;
}

/** How a loader is asked: `forced` is true when the user named this backend (software adapters allowed). */
export interface LoaderContext {
  forced: boolean;
}

/** Loads and activates one backend, or throws an Error whose message is the skip reason. */
export type BackendLoader = (threads: number | undefined, context?: LoaderContext) => Promise<LoadedBackend>;

/** Names as they appear in initBackend's `skipped` list. */
export type CandidateName = '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node' | 'maskflow-webgpu' | 'maskflow-cpu' | 'wasm' | 'cpu';

/** A skip reason (the message of the Error a loader throws). */
export class BackendUnavailable extends Error {
  override name = 'BackendUnavailable';
}

/** "Not installed" only when the package itself is missing, not a file it imports (that is a broken install). */
function isNotInstalled(err: unknown, specifier: string): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)|Failed to load url/.test(String(err));
  return missing && String(err).includes(specifier);
}

/** Dynamic import that tells "not installed" from "failed to load". */
async function importOptional(specifier: string, notInstalledHint: string): Promise<unknown> {
  try {
    return await import(specifier);
  } catch (err) {
    if (isNotInstalled(err, specifier)) throw new BackendUnavailable(`not installed (${notInstalledHint})`, { cause: err });
    throw new BackendUnavailable(`failed to load: ${(err as Error).message}`, { cause: err });
  }
}

async function activate(name: string, installedBy: string): Promise<void> {
  if (tf.findBackendFactory(name) === null) {
    throw new BackendUnavailable(
      `${installedBy} loaded, but its '${name}' backend is not in this @tensorflow/tfjs-core's registry: ` +
        'the install holds two copies of tfjs-core. Align the versions so only one remains.',
    );
  }
  if (!(await tf.setBackend(name))) throw new BackendUnavailable(`tf.setBackend('${name}') failed to initialise the backend`);
}

const NODE_HINT =
  'an optional dependency: its install downloads libtensorflow, which fails offline or when the CDN refuses; ' +
  'see TFJS_NODE_CDN_STORAGE in the @maskflow/model README';

/** @tensorflow/tfjs-node-gpu: libtensorflow with CUDA 11.2 / cuDNN 8.1. */
const tfjsNodeGpu: BackendLoader = async () => {
  await importOptional('@tensorflow/tfjs-node-gpu', NODE_HINT);
  await activate('tensorflow', '@tensorflow/tfjs-node-gpu');
  // tfjs-node's NodeJSKernelBackend records at construction whether TensorFlow placed ops on a GPU.
  const gpu = (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
  const warnings = gpu ? [] : ['@tensorflow/tfjs-node-gpu sees no GPU (CUDA 11.2 and cuDNN 8.1 needed): libtensorflow runs on the CPU.'];
  return { backend: 'tensorflow', gpu, warnings };
};

/** @tensorflow/tfjs-node: libtensorflow on the CPU. */
const tfjsNode: BackendLoader = async () => {
  await importOptional('@tensorflow/tfjs-node', NODE_HINT);
  await activate('tensorflow', '@tensorflow/tfjs-node');
  return { backend: 'tensorflow', gpu: false, warnings: [] };
};

/** maskflow-cpu from @maskflow/kernels: stock cpu kernels with fast conv kernels. */
const maskflowCpu: BackendLoader = async (threads) => {
  const kernels = (await importOptional('@maskflow/kernels', 'the workspace package is missing')) as {
    registerFastCpuBackend?: (opts: { threads?: number }) => Promise<string>;
    fastCpuBackendInfo?: () => { threads: number; simd: 'relaxed' | 'plain'; simdReason: string } | undefined;
  };
  if (typeof kernels.registerFastCpuBackend !== 'function') {
    throw new BackendUnavailable('@maskflow/kernels does not export registerFastCpuBackend');
  }
  let name: string;
  try {
    name = await kernels.registerFastCpuBackend(threads === undefined ? {} : { threads });
  } catch (err) {
    // A user's mistake (MASKFLOW_WASM_SIMD=fma) is reported, not turned into a quiet fall-back to stock tfjs-cpu.
    if (isUserError(err)) throw err;
    throw new BackendUnavailable(`registerFastCpuBackend failed: ${(err as Error).message}`, { cause: err });
  }
  await activate(name, '@maskflow/kernels');
  const info = kernels.fastCpuBackendInfo?.();
  const build = info?.simd === 'relaxed' ? 'WebAssembly relaxed SIMD (fused multiply-adds)' : `WebAssembly SIMD128 (${info?.simdReason ?? 'plain build'})`;
  return { backend: name, gpu: false, warnings: [], ...(info === undefined ? {} : { detail: `${info.threads} kernel thread(s), ${build}` }) };
};

interface WebGpuModule {
  registerWebGpuBackend: (opts: { requireHardware?: boolean }) => Promise<{ backend: string; adapter: AdapterDescription }>;
  releaseWebGpuBackend: () => Promise<void>;
  formatAdapter: (a: AdapterDescription) => string;
  WebGpuUnavailableError: new (...args: never[]) => Error;
}

/** Releases the device of the backend loaded last (maskflow-webgpu), so the process can exit. */
let releaseLoaded: (() => Promise<void>) | undefined;

/** Release what the chosen backend holds outside tfjs (the WebGPU device); a no-op for the others. */
export async function releaseBackend(): Promise<void> {
  const release = releaseLoaded;
  releaseLoaded = undefined;
  await release?.();
}

/**
 * @maskflow/kernels' model-level hooks (registerFusedTrainingHooks: the fused Adam as 'Adam' and the
 * fused gradients), which run the fused training kernels on whichever backend registers them;
 * maskflow-webgpu registers WGSL ones. registerFastCpuBackend installs the same; idempotent.
 * Returns why they could not be installed, or undefined.
 */
async function registerFusedTrainingHooks(): Promise<string | undefined> {
  try {
    const kernels = (await importOptional('@maskflow/kernels', 'the workspace package is missing')) as { registerFusedTrainingHooks: () => void };
    kernels.registerFusedTrainingHooks();
    return undefined;
  } catch (err) {
    if (err instanceof BackendUnavailable) return `@maskflow/kernels ${err.message}`;
    throw err;
  }
}

/**
 * maskflow-webgpu from @maskflow/webgpu: tfjs-backend-webgpu on a Dawn device with Maskflow's WGSL
 * kernels. Not forced ('auto'), it is taken only on a hardware adapter; forced, lavapipe too.
 */
const maskflowWebGpu: BackendLoader = async (_threads, context) => {
  const forced = context?.forced === true;
  const webgpu = (await importOptional('@maskflow/webgpu', 'the workspace package is missing')) as WebGpuModule;
  let registered: { backend: string; adapter: AdapterDescription };
  try {
    registered = await webgpu.registerWebGpuBackend({ requireHardware: !forced });
  } catch (err) {
    if (err instanceof webgpu.WebGpuUnavailableError) throw new BackendUnavailable(err.message, { cause: err });
    throw err;
  }
  releaseLoaded = webgpu.releaseWebGpuBackend;
  try {
    await activate(registered.backend, '@maskflow/webgpu');
  } catch (err) {
    await releaseBackend();
    throw err;
  }
  const { adapter } = registered;
  const warnings = adapter.software
    ? [`maskflow-webgpu runs on a software adapter (${webgpu.formatAdapter(adapter)}): results are correct, speed is not a GPU's.`]
    : [];
  const hooks = await registerFusedTrainingHooks();
  if (hooks !== undefined) warnings.push(`maskflow-webgpu trains without its fused Adam and gradient kernels: ${hooks}`);
  return { backend: registered.backend, gpu: !adapter.software, warnings, adapter };
};

/** @tensorflow/tfjs-backend-wasm: fast inference, but tfjs 4.22 gives it no Conv2DBackpropFilter. */
const wasm: BackendLoader = async () => {
  await importOptional('@tensorflow/tfjs-backend-wasm', 'add @tensorflow/tfjs-backend-wasm');
  await activate('wasm', '@tensorflow/tfjs-backend-wasm');
  const warnings =
    tf.getKernel('Conv2DBackpropFilter', 'wasm') === undefined
      ? ['The wasm backend has no Conv2DBackpropFilter kernel: it can predict and evaluate but cannot train convolutional models such as the U-Net.']
      : [];
  return { backend: 'wasm', gpu: false, warnings };
};

/** Stock tfjs-backend-cpu: always available, slowest. */
const cpu: BackendLoader = async () => {
  await activate('cpu', '@tensorflow/tfjs');
  return { backend: 'cpu', gpu: false, warnings: [] };
};

/** The real loaders, by candidate name. */
export const BACKEND_LOADERS: Record<CandidateName, BackendLoader> = {
  '@tensorflow/tfjs-node-gpu': tfjsNodeGpu,
  '@tensorflow/tfjs-node': tfjsNode,
  'maskflow-webgpu': maskflowWebGpu,
  'maskflow-cpu': maskflowCpu,
  wasm,
  cpu,
};
