/** Choose and activate the fastest TensorFlow.js backend this install can run. */
import { OptionRangeError, OptionTypeError, UserError } from '@maskflow/errors';
import type { AdapterDescription } from '@maskflow/webgpu';
import { BACKEND_LOADERS, BackendUnavailable, type BackendLoader, type CandidateName } from './backendLoaders.js';

/** Which backends initBackend tries first. */
export type BackendPreference = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * 'auto' (default): tfjs-node-gpu, maskflow-webgpu on a hardware adapter, tfjs-node, then the CPU path;
   * 'tensorflow': tfjs-node-gpu, tfjs-node, CPU path; 'webgpu': maskflow-webgpu only, software adapter
   * included (fails with the reason when there is no adapter); 'wasm'; 'cpu': maskflow-cpu, then stock cpu.
   */
  prefer?: BackendPreference;
  /** Worker threads for maskflow-cpu (default: all cores). */
  threads?: number;
}

/** What initBackend chose, why it skipped the others, and caveats of the chosen one. */
export interface BackendInfo {
  backend: string;
  gpu: boolean;
  skipped: { name: string; reason: string }[];
  warnings: string[];
  /** The WebGPU adapter when the backend is maskflow-webgpu (vendor, device, software or hardware, limits). */
  adapter?: AdapterDescription;
  /** How the backend runs, in words (maskflow-cpu: its kernel threads and WebAssembly build). */
  detail?: string;
}

const CPU_PATH: CandidateName[] = ['maskflow-cpu', 'cpu'];
const ORDER: Record<BackendPreference, CandidateName[]> = {
  auto: ['@tensorflow/tfjs-node-gpu', 'maskflow-webgpu', '@tensorflow/tfjs-node', ...CPU_PATH],
  tensorflow: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', ...CPU_PATH],
  webgpu: ['maskflow-webgpu'],
  wasm: ['wasm', ...CPU_PATH],
  cpu: CPU_PATH,
};

/** Try `order` with `loaders` until one loads (exported for tests, which inject failing loaders). */
export async function selectBackend(
  order: CandidateName[],
  loaders: Record<CandidateName, BackendLoader>,
  threads: number | undefined,
  forced: CandidateName[] = [],
): Promise<BackendInfo> {
  const skipped: BackendInfo['skipped'] = [];
  for (const name of order) {
    try {
      const loaded = await loaders[name](threads, { forced: forced.includes(name) });
      if (loaded.backend === 'tensorflow' && name === '@tensorflow/tfjs-node-gpu') {
        skipped.push({ name: '@tensorflow/tfjs-node', reason: "not needed: @tensorflow/tfjs-node-gpu provides the 'tensorflow' backend" });
      }
      return { ...loaded, skipped };
    } catch (err) {
      if (!(err instanceof BackendUnavailable)) throw err;
      skipped.push({ name, reason: err.message });
    }
  }
  // Every candidate said why it is unavailable (what to install): the machine's state, not a bug, so the CLI prints it plainly.
  throw new UserError(`No TensorFlow.js backend could be initialised: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

/**
 * Activate the fastest available backend (tf.setBackend) and report the choice. 'auto' never picks
 * wasm: it cannot train convolutions. Optional backends that are missing are skipped with a reason.
 */
export async function initBackend(opts: InitBackendOptions = {}): Promise<BackendInfo> {
  if (typeof opts !== 'object' || opts === null) throw new OptionTypeError('initBackend options', 'an object', opts);
  const { prefer = 'auto', threads } = opts;
  if (!Object.hasOwn(ORDER, prefer)) throw new OptionRangeError('prefer', "'auto', 'tensorflow', 'webgpu', 'wasm' or 'cpu'", prefer);
  if (threads !== undefined) {
    if (typeof threads !== 'number') throw new OptionTypeError('threads', 'a positive integer', threads);
    if (!Number.isInteger(threads) || threads < 1) throw new OptionRangeError('threads', 'a positive integer', threads);
  }
  return selectBackend(ORDER[prefer], BACKEND_LOADERS, threads, prefer === 'webgpu' ? ['maskflow-webgpu'] : []);
}
