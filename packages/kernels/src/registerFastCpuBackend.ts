import { OptionRangeError, OptionTypeError } from '@maskflow/errors';
import * as tf from '@tensorflow/tfjs-core';
import { availableParallelism } from 'node:os';
import { adamKernel } from './adamKernel.js';
import { batchNormGradKernel } from './batchNormGrad.js';
import { batchNormKernel } from './batchNormKernel.js';
import { batchNormTrainKernels } from './batchNormTrain.js';
import { binaryKernels } from './binaryKernels.js';
import { castKernel } from './castKernel.js';
import { compareKernels } from './compareKernels.js';
import { depthwiseKernels } from './depthwiseKernels.js';
import { convKernels } from './convKernels.js';
import { kernelFailure } from './errors.js';
import { FastCpuBackend, trackAliases } from './fastCpuBackend.js';
import { registerFusedTrainingHooks } from './fusedTrainingHooks.js';
import { layoutKernels } from './layoutKernels.js';
import { momentsGradKernels } from './momentsGrad.js';
import { movingAveragesKernel } from './movingAverages.js';
import { outputPool } from './outputPool.js';
import { maxPoolGradKernel } from './maxPoolGradKernel.js';
import { stockWhenMemoryIsFull } from './memoryFallback.js';
import { maxPoolKernel } from './maxPoolKernel.js';
import { reduceKernels } from './reduceKernels.js';
import { reluGradKernel } from './reluGrad.js';
import { requestedSimdBuild, type SimdBuild } from './simdBuild.js';
import { unaryKernels } from './unaryKernels.js';
import { MAX_THREADS, WasmRuntime } from './wasmRuntime.js';

/** Name of the backend registered by {@link registerFastCpuBackend}. */
export const FAST_CPU_BACKEND = 'maskflow-cpu';

/** Options of {@link registerFastCpuBackend}. */
export interface FastCpuBackendOptions {
  /** Worker threads for the heavy kernels (default: all cores). */
  threads?: number;
  /**
   * Which kernel build: 'auto' (default; the MASKFLOW_WASM_SIMD variable overrides it) runs the
   * relaxed-SIMD build, with fused multiply-adds in the convolutions, where this Node runs relaxed
   * SIMD, else the plain SIMD128 build; 'plain' always runs the plain one.
   */
  simd?: SimdBuild;
}

/** What the registered maskflow-cpu runs: its threads and kernel build. */
export interface FastCpuBackendInfo {
  threads: number;
  simd: 'relaxed' | 'plain';
  /** Why that build: requested, or what this Node runs. */
  simdReason: string;
}

let info: FastCpuBackendInfo | undefined;

/** The registered maskflow-cpu's threads and kernel build, or undefined before registerFastCpuBackend resolves. */
export function fastCpuBackendInfo(): FastCpuBackendInfo | undefined {
  return info;
}

let registration: Promise<string> | undefined;

/**
 * Registers the 'maskflow-cpu' backend: tfjs-backend-cpu's MathBackendCPU with every stock 'cpu'
 * kernel, then the hot kernels replaced by fast ones. Idempotent: later calls return the first
 * registration's promise. The stock 'cpu' backend is left untouched.
 */
export function registerFastCpuBackend(opts: FastCpuBackendOptions = {}): Promise<string> {
  validateOptions(opts);
  if (registration === undefined) {
    registration = register(opts.threads ?? Math.min(availableParallelism(), MAX_THREADS), requestedSimdBuild(opts.simd));
    // A failed registration (unreadable .wasm, workers refused) may be retried by a later call.
    registration.catch(() => {
      registration = undefined;
    });
  }
  return registration;
}

function validateOptions(opts: FastCpuBackendOptions): void {
  if (typeof opts !== 'object' || opts === null) throw new OptionTypeError('options', 'an object', opts);
  requestedSimdBuild(opts.simd);
  const { threads } = opts;
  if (threads === undefined) return;
  const expected = `an integer in [1, ${MAX_THREADS}]`;
  const hint = 'Pass the number of worker threads, or omit it for all cores';
  if (typeof threads !== 'number') throw new OptionTypeError('threads', expected, threads, hint);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) throw new OptionRangeError('threads', expected, threads, hint);
}

async function register(threads: number, simd: SimdBuild): Promise<string> {
  const runtime = await WasmRuntime.create(threads, undefined, simd);
  info = { threads: runtime.threads, simd: runtime.simd, simdReason: runtime.simdReason };
  outputPool.attach(runtime);
  if (tf.findBackendFactory(FAST_CPU_BACKEND) === null) {
    // Priority below stock 'cpu' (1): never chosen implicitly, only by tf.setBackend.
    tf.registerBackend(FAST_CPU_BACKEND, () => new FastCpuBackend(), 0);
  }
  // Stock kernels run with alias tracking: see OutputPool for why views of pooled arrays matter.
  const wrapped = new Map<string, tf.KernelFunc>();
  for (const config of tf.getKernelsForBackend('cpu')) {
    wrapped.set(config.kernelName, trackAliases(config.kernelFunc));
    if (tf.getKernel(config.kernelName, FAST_CPU_BACKEND) !== undefined) continue;
    tf.registerKernel({ ...config, backendName: FAST_CPU_BACKEND, kernelFunc: wrapped.get(config.kernelName)! });
  }
  const stock = (kernelName: string): tf.KernelFunc => {
    const kernelFunc = wrapped.get(kernelName);
    if (kernelFunc === undefined) throw kernelFailure(kernelName, 'tfjs-backend-cpu has no such kernel to fall back to');
    return kernelFunc;
  };
  const fast = [
    ...convKernels(runtime, FAST_CPU_BACKEND, stock),
    ...binaryKernels(runtime, FAST_CPU_BACKEND, stock),
    ...reduceKernels(runtime, FAST_CPU_BACKEND, stock),
    ...unaryKernels(runtime, FAST_CPU_BACKEND, stock),
    ...layoutKernels(runtime, FAST_CPU_BACKEND, stock),
    ...compareKernels(FAST_CPU_BACKEND, stock),
    ...depthwiseKernels(runtime, FAST_CPU_BACKEND, stock),
    castKernel(FAST_CPU_BACKEND, stock),
    maxPoolKernel(runtime, FAST_CPU_BACKEND, stock),
    maxPoolGradKernel(runtime, FAST_CPU_BACKEND, stock),
    batchNormKernel(runtime, FAST_CPU_BACKEND, stock),
    adamKernel(runtime, FAST_CPU_BACKEND),
    batchNormGradKernel(runtime, FAST_CPU_BACKEND),
    reluGradKernel(runtime, FAST_CPU_BACKEND),
    ...momentsGradKernels(runtime, FAST_CPU_BACKEND),
    ...batchNormTrainKernels(runtime, FAST_CPU_BACKEND),
    movingAveragesKernel(runtime, FAST_CPU_BACKEND),
  ];
  // 'Adam' in tfjs' serialization map now builds the fused optimizer: models loaded with their
  // training config, and @maskflow/model's createAdam, get it (identical results on every backend).
  registerFusedTrainingHooks();
  for (const config of fast) {
    if (tf.getKernel(config.kernelName, FAST_CPU_BACKEND) !== undefined) tf.unregisterKernel(config.kernelName, FAST_CPU_BACKEND);
    const fallback = wrapped.get(config.kernelName);
    tf.registerKernel(fallback === undefined ? config : { ...config, kernelFunc: stockWhenMemoryIsFull(config.kernelFunc, fallback) });
  }
  return FAST_CPU_BACKEND;
}

