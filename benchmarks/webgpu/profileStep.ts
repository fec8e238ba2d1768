/**
 * Wall time of one U-Net training step on maskflow-webgpu, by kernel: the step's kernel calls are
 * recorded (name, input shapes and dtypes, attributes) and each distinct call is replayed alone with
 * the queue drained after it, so a kernel's time includes its recording and submit cost, which is
 * what a software adapter spends most of (tf.profile's timestamp queries, where the adapter has
 * them, give device time only). Replays use random inputs: value-dependent kernels (none in a
 * U-Net step) would be timed on other values.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { WEBGPU_BACKEND } from '@maskflow/webgpu';
import { bceDiceLoss, buildUNet, createAdam } from '@maskflow/model';

/** Steps timed for the step's wall time (the fastest is reported). */
const TIMED_STEPS = 3;

/** One recorded kernel call. */
interface RecordedCall {
  kernel: string;
  inputs: [string, number[], tf.DataType][];
  /** Concat and AddN take their inputs as an array. */
  inputsArray: boolean;
  attrs: tf.NamedAttrMap;
}

/** Total replayed device time of one kernel over a step. */
export interface KernelShare {
  kernel: string;
  calls: number;
  ms: number;
}

/** The step's wall time (fastest of TIMED_STEPS) and its kernels, largest first. */
export interface StepProfile {
  stepMs: number;
  kernels: KernelShare[];
}

/**
 * Run `body` with tfjs-backend-webgpu's own kernels registered under maskflow-webgpu in place of
 * Maskflow's replacements (names in `replaced`), and Maskflow's fused training kernels (which have
 * no stock kernel) unregistered so their hooks run tfjs' own composition; then put Maskflow's back.
 */
export async function withStockKernels<T>(replaced: string[], body: () => Promise<T>): Promise<T> {
  const ours = replaced.map((name) => tf.getKernel(name, WEBGPU_BACKEND)!);
  for (const name of replaced) {
    tf.unregisterKernel(name, WEBGPU_BACKEND);
    const stock = tf.getKernel(name, 'webgpu');
    if (stock !== undefined) tf.registerKernel({ ...stock, backendName: WEBGPU_BACKEND });
  }
  try {
    return await body();
  } finally {
    for (const config of ours) {
      if (tf.getKernel(config.kernelName, WEBGPU_BACKEND) !== undefined) tf.unregisterKernel(config.kernelName, WEBGPU_BACKEND);
      tf.registerKernel(config);
    }
  }
}

/** Run `step` once with every maskflow-webgpu kernel wrapped to record its calls; restores the kernels. */
async function recordCalls(step: () => Promise<void>): Promise<RecordedCall[]> {
  const calls: RecordedCall[] = [];
  const originals = tf.getKernelsForBackend(WEBGPU_BACKEND);
  for (const config of originals) {
    tf.unregisterKernel(config.kernelName, WEBGPU_BACKEND);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const inputs: RecordedCall['inputs'] = [];
        for (const [name, t] of Object.entries(args.inputs)) if (t !== undefined) inputs.push([name, [...t.shape], t.dtype]);
        calls.push({ kernel: config.kernelName, inputs, inputsArray: Array.isArray(args.inputs), attrs: { ...args.attrs } });
        return config.kernelFunc(args);
      },
    });
  }
  try {
    await step();
  } finally {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, WEBGPU_BACKEND);
      tf.registerKernel(config);
    }
  }
  return calls;
}

/** Submit what the backend has recorded and wait until the device has run it. */
export async function drainQueue(backend: WebGPUBackend): Promise<void> {
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
  await backend.device.queue.onSubmittedWorkDone();
}

/** Replay one call on random inputs and return its time with the queue drained (ms). */
async function replay(backend: WebGPUBackend, call: RecordedCall): Promise<number> {
  const inputs: tf.NamedTensorMap = {};
  for (const [name, shape, dtype] of call.inputs) {
    inputs[name] = dtype === 'float32' ? tf.randomUniform(shape, 0.1, 1) : tf.zeros(shape, dtype);
  }
  const config = tf.getKernel(call.kernel, WEBGPU_BACKEND)!;
  await drainQueue(backend);
  const t0 = performance.now();
  const passed = (call.inputsArray ? Object.values(inputs) : inputs) as unknown as tf.NamedTensorInfoMap;
  const out = config.kernelFunc({ inputs: passed, backend, attrs: call.attrs });
  await drainQueue(backend);
  const ms = performance.now() - t0;
  for (const t of Array.isArray(out) ? out : [out]) backend.disposeData(t.dataId);
  tf.dispose(Object.values(inputs));
  return ms;
}

/**
 * Profile one training step (createAdam 1e-3, BCE+Dice, trainOnBatch) of the U-Net on the active
 * maskflow-webgpu backend after one warm-up step.
 */
export async function profileStep(size: number, baseFilters: number, depth: number, batch: number): Promise<StepProfile> {
  const backend = tf.backend() as WebGPUBackend;
  const model = buildUNet({ inputSize: [size, size], baseFilters, depth, seed: 1 });
  model.compile({ optimizer: createAdam(1e-3), loss: bceDiceLoss });
  const x = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 7);
  const y = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([batch, size, size, 1], 0, 1, 'float32', 8), 0.5), 'float32'));
  try {
    await model.trainOnBatch(x, y);
    // The fastest of a few steps: one step on a shared, software adapter moves by 2x with the load.
    let stepMs = Infinity;
    for (let i = 0; i < TIMED_STEPS; i++) {
      const t0 = performance.now();
      await model.trainOnBatch(x, y);
      stepMs = Math.min(stepMs, performance.now() - t0);
    }
    const calls = await recordCalls(async () => {
      await model.trainOnBatch(x, y);
    });
    const distinct = new Map<string, { call: RecordedCall; count: number }>();
    for (const call of calls) {
      const key = JSON.stringify(call);
      const found = distinct.get(key);
      if (found) found.count += 1;
      else distinct.set(key, { call, count: 1 });
    }
    const byKernel = new Map<string, KernelShare>();
    for (const { call, count } of distinct.values()) {
      await replay(backend, call);
      const ms = await replay(backend, call);
      const share = byKernel.get(call.kernel) ?? { kernel: call.kernel, calls: 0, ms: 0 };
      share.calls += count;
      share.ms += ms * count;
      byKernel.set(call.kernel, share);
    }
    return { stepMs, kernels: [...byKernel.values()].sort((a, b) => b.ms - a.ms) };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}
