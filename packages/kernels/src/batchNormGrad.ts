import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { kernelFailure } from './errors.js';
import { fuseGradient } from './fusedGradient.js';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];

/** The fused batch-norm gradient kernel (inputs dy, x, mean, variance, scale?; outputs dx, dmean, dvariance, dscale, doffset). */
export const BATCH_NORM_GRAD_KERNEL = 'MaskflowBatchNormGrad';

/** Below this many elements the JS loops beat a wasm call. */
export const MIN_WASM_ELEMENTS = 16384;

/**
 * The per-channel coefficients of a batch norm's output (x - mean) * k + shift that a ReLU follows
 * (csrc batch_norm_relu): its gradient counts dy only where that output is positive.
 */
export interface ReluMask {
  k: Float32Array;
  shift: Float32Array;
}

/** Whether batch_norm_relu's output, recomputed with its float32 roundings from d = x - mean (already rounded), is positive. */
export function reluOn(d: number, k: number, shift: number): boolean {
  return Math.fround(Math.fround(d * k) + shift) > 0;
}

/** Per-channel sums of dy and dy * (x - mean), in float64: the JS form of csrc/batchnorm_grad.c bn_grad_sums (or bn_relu_grad_sums with `mask`), for data too small for a wasm call. */
function sumsJs(dy: Float32Array, x: Float32Array, mean: Float32Array, c: number, mask?: ReluMask): Float64Array {
  const s = new Float64Array(2 * c);
  for (let i = 0, j = 0; i < dy.length; i++) {
    const d = Math.fround(x[i]! - mean[j]!);
    const g = mask === undefined || reluOn(d, mask.k[j]!, mask.shift[j]!) ? dy[i]! : 0;
    s[j] = s[j]! + g;
    s[c + j] = s[c + j]! + g * d;
    if (++j === c) j = 0;
  }
  return s;
}

/** Runs a per-channel sums export over every wasm thread and adds the shares' [2c] partials in share order. */
function sumsWasm(rt: WasmRuntime, kernel: 'bn_grad_sums' | 'bn_relu_grad_sums' | 'bn_moment_sums', inputs: number[], rows: number, c: number): Float64Array {
  const shares = rt.maxShares;
  const partial = rt.alloc(shares * 2 * c * 2);
  const view = new Float64Array(rt.view(partial, shares * 4 * c).buffer, partial, shares * 2 * c);
  view.fill(0); // shares a single-threaded run leaves unwritten must add nothing
  rt.run(kernel, [...inputs, rows, c, partial], rows * c);
  const s = new Float64Array(2 * c);
  for (let share = 0; share < shares; share++) for (let k = 0; k < 2 * c; k++) s[k] = s[k]! + view[share * 2 * c + k]!;
  return s;
}

/**
 * Per-channel sums over NHWC rows: [0, c) sum dy, [c, 2c) sum dy * (x - mean) (the difference
 * rounded to float32 as tfjs-cpu's Sub does), with `mask` only where the ReLU after the batch norm
 * let its output through. On every wasm thread when the data is large and scratch fits (float32
 * within blocks of 64 rows, float64 across), else one float64 JS loop.
 */
export function channelSums(rt: WasmRuntime, dy: Float32Array, x: Float32Array, mean: Float32Array, c: number, mask?: ReluMask): Float64Array {
  let sums: Float64Array | undefined;
  const rows = dy.length / c;
  const wasm = dy.length >= MIN_WASM_ELEMENTS && rt.withScratch(() => {
    const inputs = [rt.input(dy), rt.input(x), rt.input(mean)];
    sums = mask === undefined ? sumsWasm(rt, 'bn_grad_sums', inputs, rows, c) : sumsWasm(rt, 'bn_relu_grad_sums', [...inputs, rt.put(mask.k), rt.put(mask.shift)], rows, c);
  });
  return wasm && sums ? sums : sumsJs(dy, x, mean, c, mask);
}

/** Rows, evenly spaced through the data, whose per-channel mean is the shift the wasm moments are summed about. */
const SHIFT_ROWS = 64;

/**
 * Per-channel mean and biased variance over NHWC rows (batch norm's training statistics). The
 * wasm pass sums x - shift and its square, the shift being the mean of 64 rows spread through x: a channel
 * whose mean is far from zero next to its spread then keeps its variance, which E[x²] - mean²
 * from float32 block sums would lose to cancellation. Small data: the float64 JS loop about zero.
 */
export function channelMoments(rt: WasmRuntime, x: Float32Array, c: number): { mean: Float32Array; variance: Float32Array } {
  const rows = x.length / c;
  const shift = new Float32Array(c);
  let sums: Float64Array | undefined;
  if (x.length >= MIN_WASM_ELEMENTS) {
    // Spread through the batch rather than its first rows, which are one image's top border.
    const picks = Math.min(rows, SHIFT_ROWS);
    for (let p = 0; p < picks; p++) {
      const row = Math.floor((p * rows) / picks) * c;
      for (let j = 0; j < c; j++) shift[j] = shift[j]! + x[row + j]! / picks;
    }
    rt.withScratch(() => { sums = sumsWasm(rt, 'bn_moment_sums', [rt.input(x), rt.put(shift)], rows, c); });
  }
  if (sums === undefined) {
    shift.fill(0);
    sums = sumsJs(x, x, shift, c);
  }
  const mean = new Float32Array(c), variance = new Float32Array(c);
  for (let j = 0; j < c; j++) {
    const d = sums[j]! / rows;
    mean[j] = shift[j]! + d;
    variance[j] = Math.max(0, sums[c + j]! / rows - d * d);
  }
  return { mean, variance };
}

/**
 * All five gradients of FusedBatchNorm over NHWC data with [C] statistics in two passes (float64
 * per-channel sums, then dx = dy * rsqrt(variance + eps) * scale), instead of tfjs-core's
 * gradient of ~15 elementwise kernels, a full-size Tile and four Sums. dx is bit-identical to
 * tfjs-cpu; the [C] gradients differ in the last bits (sums taken in float64 in one pass).
 */
export function batchNormGradKernel(rt: WasmRuntime, backendName: string): KernelConfig {
  const kernelFunc = (args: Args): TensorInfo[] => {
    const backend = args.backend as MathBackendCPU;
    const { dy, x, mean, variance, scale } = args.inputs as Record<string, TensorInfo | undefined>;
    const eps = Math.fround((args.attrs as { varianceEpsilon: number }).varianceEpsilon);
    const [gv, xv, mv, vv] = [dy!, x!, mean!, variance!].map((t) => floatValues(backend, t));
    const sv = scale === undefined ? undefined : floatValues(backend, scale);
    const c = mv?.length ?? 0;
    if (!gv || !xv || !mv || !vv || c === 0 || gv.length !== xv.length || xv.length % c !== 0 || vv.length !== c || (scale !== undefined && sv?.length !== c)) {
      throw kernelFailure(BATCH_NORM_GRAD_KERNEL, 'expected float32 dy and x of one NHWC shape and [C] statistics');
    }
    const f = Math.fround;
    const r = new Float32Array(c), s = sv ?? new Float32Array(c).fill(1);
    for (let j = 0; j < c; j++) r[j] = 1 / Math.sqrt(f(vv[j]! + eps));
    const sums = channelSums(rt, gv, xv, mv, c);
    const dx = outputPool.take(xv.length);
    const wasm = xv.length >= MIN_WASM_ELEMENTS && outputPool.inStore(dx) &&
      rt.withScratch(() => rt.run('bn_grad_dx', [rt.input(gv), rt.put(r), rt.put(s), dx.byteOffset, gv.length, c], gv.length));
    if (!wasm) {
      for (let i = 0, j = 0; i < gv.length; i++) {
        dx[i] = f(f(gv[i]! * r[j]!) * s[j]!);
        if (++j === c) j = 0;
      }
    }
    const dMean = new Float32Array(c), dVar = new Float32Array(c), dScale = new Float32Array(c), dOffset = new Float32Array(c);
    for (let j = 0; j < c; j++) {
      const rj = r[j]!, minusHalfRCube = f(f(f(rj * rj) * rj) * -0.5);
      dOffset[j] = sums[j]!;
      dMean[j] = -rj * s[j]! * sums[j]!;
      dScale[j] = rj * sums[c + j]!;
      dVar[j] = minusHalfRCube * s[j]! * sums[c + j]!;
    }
    return [backend.makeTensorInfo(x!.shape, 'float32', dx), ...[dMean, dVar, dScale, dOffset].map((v) => backend.makeTensorInfo([c], 'float32', v))];
  };
  return { kernelName: BATCH_NORM_GRAD_KERNEL, backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * Registers FusedBatchNorm's gradient again: on a backend that registers BATCH_NORM_GRAD_KERNEL
 * (maskflow-cpu, maskflow-webgpu), with [C] statistics over float32 data, one kernel call gives
 * every input's gradient; elsewhere tfjs-core's own gradient runs unchanged (gradients are
 * registered per kernel name, for every backend). Idempotent.
 */
export function registerBatchNormGradient(): void {
  fuseGradient(tf.FusedBatchNorm, BATCH_NORM_GRAD_KERNEL, (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved as (tf.Tensor | null | undefined)[];
    const c = mean?.shape.length === 1 ? mean.shape[0]! : -1;
    const fits = x && mean && variance && [x, dy, mean, variance, scale ?? x].every((t) => t.dtype === 'float32') &&
      c > 0 && x.shape[x.shape.length - 1] === c && variance.shape.length === 1 && variance.size === c && (scale == null || (scale.shape.length === 1 && scale.size === c));
    if (!fits) return undefined;
    const inputs: tf.NamedTensorMap = { dy, x, mean, variance };
    if (scale != null) inputs.scale = scale;
    const [dx, dMean, dVar, dScale, dOffset] = tf.engine().runKernel(BATCH_NORM_GRAD_KERNEL, inputs, attrs) as tf.Tensor[];
    return { x: () => dx!, mean: () => dMean!, variance: () => dVar!, scale: () => dScale!, offset: () => dOffset! };
  });
}
