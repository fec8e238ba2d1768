import { FusedBatchNorm } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

/** batch_norm's per-channel coefficients: k = scale / sqrt(variance + epsilon) (scale 1 when absent) and shift = offset (0 when absent). */
export function normCoefficients(variance: Float32Array, scale: Float32Array | undefined, offset: Float32Array | undefined, epsilon: number): { k: Float32Array; shift: Float32Array } {
  const c = variance.length;
  const k = new Float32Array(c), shift = new Float32Array(c);
  for (let j = 0; j < c; j++) {
    k[j] = (scale === undefined ? 1 : scale[j]!) / Math.sqrt(variance[j]! + epsilon);
    shift[j] = offset === undefined ? 0 : offset[j]!;
  }
  return { k, shift };
}

/**
 * Per-channel batch normalisation of NHWC data: out = offset + (x - mean) * k with
 * k = scale / sqrt(variance + epsilon) computed once per channel, instead of tfjs-cpu's square
 * root per element. Parameters are [C] vectors (or absent: scale 1, offset 0). When the output
 * lives in the shared memory, wasm f32x4 on every thread (csrc/elementwise.c batch_norm: float32
 * arithmetic, within a few ulps of tfjs-cpu's double arithmetic); else one JS loop. With `relu`,
 * max(0, out) in the same pass (batch_norm_relu), in float32 arithmetic in JS too, so that its
 * gradient's recomputed output (reluOn) has the same sign.
 */
export function batchNorm(rt: WasmRuntime, x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | undefined, offset: Float32Array | undefined, epsilon: number, relu = false): Float32Array {
  const c = mean.length;
  const { k, shift } = normCoefficients(variance, scale, offset, epsilon);
  const out = outputPool.take(x.length);
  const at = rt.addressOf(out);
  if (at < 0) {
    const f = Math.fround;
    for (let i = 0, j = 0; i < x.length; i++) {
      if (relu) {
        const y = f(f(f(x[i]! - mean[j]!) * k[j]!) + shift[j]!);
        out[i] = y > 0 || Number.isNaN(y) ? y : 0;
      } else out[i] = shift[j]! + (x[i]! - mean[j]!) * k[j]!;
      if (++j === c) j = 0;
    }
    return out;
  }
  rt.reset();
  try {
    const args = [rt.input(x), rt.input(mean), rt.put(k), rt.put(shift), at, x.length, c];
    rt.run(relu ? 'batch_norm_relu' : 'batch_norm', args, x.length);
  } finally {
    rt.reset();
  }
  return out;
}

/** Float32 FusedBatchNorm with per-channel parameters; other cases go to `stock`. */
export function batchNormKernel(rt: WasmRuntime, backendName: string, stock: Stock): KernelConfig {
  const kernelFunc = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { x, mean, variance, scale, offset } = args.inputs as Record<string, TensorInfo | undefined>;
    const epsilon = (args.attrs as { varianceEpsilon?: number } | undefined)?.varianceEpsilon ?? 0.001;
    const xv = floatValues(backend, x!), mv = floatValues(backend, mean!), vv = floatValues(backend, variance!);
    const sv = scale === undefined ? undefined : floatValues(backend, scale);
    const ov = offset === undefined ? undefined : floatValues(backend, offset);
    const c = mv?.length ?? 0;
    const fits = xv !== undefined && mv !== undefined && vv !== undefined && c > 0 && x!.shape[x!.shape.length - 1] === c &&
      vv.length === c && (scale === undefined || sv?.length === c) && (offset === undefined || ov?.length === c);
    if (!fits) return stock(FusedBatchNorm)(args) as TensorInfo;
    return backend.makeTensorInfo(x!.shape, 'float32', batchNorm(rt, xv, mv, vv, sv, ov, epsilon));
  };
  return { kernelName: FusedBatchNorm, backendName, kernelFunc: kernelFunc as KernelFunc };
}
