import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { kernelFailure } from './errors.js';
import { fuseGradient } from './fusedGradient.js';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];

/** The fused ReLU gradient kernel: inputs dy and x of one shape, output dy * step(x). */
export const RELU_GRAD_KERNEL = 'MaskflowReluGrad';

/** Op code of csrc/elementwise.c's binary kernel for x * step(y). */
const RELU_GRAD_OP = 7;
const MIN_WASM_ELEMENTS = 16384;

/**
 * dy * step(x) in one pass (x > 0: dy, else dy * 0, NaN stays NaN), bit-identical to tfjs'
 * gradient mul(dy, cast(step(x))) that takes three kernels and two full-size intermediates.
 */
export function reluGradKernel(rt: WasmRuntime, backendName: string): KernelConfig {
  const kernelFunc = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { dy, x } = args.inputs as Record<string, TensorInfo>;
    const gv = floatValues(backend, dy!), xv = floatValues(backend, x!);
    if (!gv || !xv || gv.length !== xv.length) throw kernelFailure(RELU_GRAD_KERNEL, 'expected float32 dy and x of one shape');
    const out = outputPool.take(gv.length);
    const wasm = gv.length >= MIN_WASM_ELEMENTS && outputPool.inStore(out)
      && rt.withScratch(() => rt.run('binary', [RELU_GRAD_OP, rt.input(gv), rt.input(xv), out.byteOffset, gv.length, gv.length, 0], gv.length));
    if (!wasm) {
      for (let i = 0; i < gv.length; i++) {
        const v = xv[i]!;
        out[i] = gv[i]! * (v > 0 ? 1 : Number.isNaN(v) ? v : 0);
      }
    }
    return backend.makeTensorInfo(x!.shape, 'float32', out);
  };
  return { kernelName: RELU_GRAD_KERNEL, backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * Registers Relu's gradient again: on a backend that registers RELU_GRAD_KERNEL (maskflow-cpu,
 * maskflow-webgpu), one kernel call for float32; tfjs-core's own gradient elsewhere. Idempotent.
 */
export function registerReluGradient(): void {
  fuseGradient(tf.Relu, RELU_GRAD_KERNEL, (dy, [x]) =>
    x!.dtype !== 'float32' || dy.dtype !== 'float32' ? undefined : { x: () => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, x: x! }) as tf.Tensor });
}
