/**
 * Batch norm in training as two kernels: the forward pass (batch statistics and the normalised
 * output) and its whole gradient through those statistics. tfjs-layers' BatchNormalization composes
 * training from tf.moments (Mean, Sub, Square, Mean) and FusedBatchNorm, and its gradient from the
 * gradients of each plus the Adds that sum x's three gradient paths: about 5 full-size reads and
 * 3 writes forward and twice that backward per layer. Here: 2 reads and 1 write forward (the
 * per-channel sums of x and x² about a shift, then the normalisation), 3 reads and 1 write backward.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { channelMoments, channelSums, MIN_WASM_ELEMENTS, reluOn, type ReluMask } from './batchNormGrad.js';
import { batchNorm, normCoefficients } from './batchNormKernel.js';
import { kernelFailure } from './errors.js';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];

/** Batch norm in training: inputs x [..., C], scale [C], offset [C]; attribute varianceEpsilon; outputs y, mean [C], variance [C] (biased, over every axis but the last). */
export const BATCH_NORM_TRAIN_KERNEL = 'MaskflowBatchNormTrain';
/** Its gradient: inputs dy, x, mean, variance, scale, dmean, dvariance; attribute varianceEpsilon; outputs dx, dscale, doffset. */
export const BATCH_NORM_TRAIN_GRAD_KERNEL = 'MaskflowBatchNormTrainGrad';
/** BATCH_NORM_TRAIN_KERNEL followed by ReLU (y = max(0, batch norm)), in the same pass: maskflow-cpu only. */
export const BATCH_NORM_RELU_TRAIN_KERNEL = 'MaskflowBatchNormReluTrain';
/** Its gradient: BATCH_NORM_TRAIN_GRAD_KERNEL's inputs plus offset (the ReLU's mask is recomputed from x), same outputs. */
export const BATCH_NORM_RELU_TRAIN_GRAD_KERNEL = 'MaskflowBatchNormReluTrainGrad';

/** Attributes of both kernels. */
interface Attrs {
  varianceEpsilon: number;
}

/** The float32 values of `infos`, or undefined when one is not float32 on this backend. */
function floats(backend: MathBackendCPU, infos: (TensorInfo | undefined)[]): Float32Array[] | undefined {
  const values = infos.map((t) => (t === undefined ? undefined : floatValues(backend, t)));
  return values.every((v) => v !== undefined) ? (values as Float32Array[]) : undefined;
}

/** True when `x` is [..., C] with C = `c` > 0 and every vector has c values. */
function channelsFit(x: TensorInfo, c: number, vectors: Float32Array[]): boolean {
  return c > 0 && x.shape.length >= 2 && x.shape[x.shape.length - 1] === c && vectors.every((v) => v.length === c);
}

/**
 * maskflow-cpu's kernels. Forward: mean and variance from per-channel sums of x - shift and its
 * square (channelMoments, csrc/batchnorm_grad.c bn_moment_sums), then FusedBatchNorm's wasm pass
 * (batch_norm, or batch_norm_relu for the ReLU pair). Backward: Σdy and Σdy·(x - mean) from the
 * same sums pass, then dx = a·dy + ((x - mean)·b + k) with per-channel a = scale·r,
 * b = (2·dvariance - scale·r³·Σdy(x-mean)) / n, k = (dmean - scale·r·Σdy) / n,
 * r = 1/sqrt(variance + eps) (csrc bn_train_dx); dscale = r·Σdy(x-mean), doffset = Σdy. For the
 * ReLU pair, dy counts only where the forward output was positive, which both passes recompute
 * from x instead of reading it (bn_relu_grad_sums, bn_relu_train_dx): ReLU's own pass and its
 * gradient's disappear. All on every wasm thread when large, else in JS.
 */
export function batchNormTrainKernels(rt: WasmRuntime, backendName: string): KernelConfig[] {
  const forward = (relu: boolean) => (args: Args): TensorInfo[] => {
    const name = relu ? BATCH_NORM_RELU_TRAIN_KERNEL : BATCH_NORM_TRAIN_KERNEL;
    const backend = args.backend as MathBackendCPU;
    const { x, scale, offset } = args.inputs as Record<string, TensorInfo | undefined>;
    const eps = (args.attrs as unknown as Attrs).varianceEpsilon;
    const values = x && scale && offset ? floats(backend, [x, scale, offset]) : undefined;
    const [xv, sv, ov] = values ?? [];
    if (!xv || !sv || !ov || !channelsFit(x!, sv.length, [sv, ov])) throw kernelFailure(name, 'expected float32 x [..., C] and [C] scale and offset');
    const c = sv.length;
    const { mean, variance } = channelMoments(rt, xv, c);
    const y = batchNorm(rt, xv, mean, variance, sv, ov, eps, relu);
    return [backend.makeTensorInfo(x!.shape, 'float32', y), backend.makeTensorInfo([c], 'float32', mean), backend.makeTensorInfo([c], 'float32', variance)];
  };

  const gradient = (relu: boolean) => (args: Args): TensorInfo[] => {
    const name = relu ? BATCH_NORM_RELU_TRAIN_GRAD_KERNEL : BATCH_NORM_TRAIN_GRAD_KERNEL;
    const backend = args.backend as MathBackendCPU;
    const { dy, x, mean, variance, scale, offset, dmean, dvariance } = args.inputs as Record<string, TensorInfo | undefined>;
    const epsAttr = (args.attrs as unknown as Attrs).varianceEpsilon;
    const eps = Math.fround(epsAttr);
    const [gv, xv, mv, vv, sv, dmv, dvv, ov] = floats(backend, [dy, x, mean, variance, scale, dmean, dvariance, ...(relu ? [offset] : [])]) ?? [];
    if (!gv || !xv || !mv || !vv || !sv || !dmv || !dvv || (relu && !ov) || gv.length !== xv.length || !channelsFit(x!, mv.length, [vv, sv, dmv, dvv, ...(ov ? [ov] : [])])) {
      throw kernelFailure(name, `expected float32 dy and x of one [..., C] shape and [C] statistics, scale${relu ? ', offset' : ''} and upstream gradients`);
    }
    const c = mv.length, n = xv.length / c;
    // The forward pass's own coefficients (same inputs, same arithmetic), so the ReLU's mask matches its output.
    const mask: ReluMask | undefined = relu ? normCoefficients(vv, sv, ov, epsAttr) : undefined;
    const sums = channelSums(rt, gv, xv, mv, c, mask);
    const a = new Float32Array(c), b = new Float32Array(c), k = new Float32Array(c);
    const dScale = new Float32Array(c), dOffset = new Float32Array(c);
    for (let j = 0; j < c; j++) {
      const r = 1 / Math.sqrt(Math.fround(vv[j]! + eps)), sr = sv[j]! * r;
      a[j] = sr;
      b[j] = (2 * dvv[j]! - sr * r * r * sums[c + j]!) / n;
      k[j] = (dmv[j]! - sr * sums[j]!) / n;
      dScale[j] = r * sums[c + j]!;
      dOffset[j] = sums[j]!;
    }
    const dx = outputPool.take(xv.length);
    const wasm = xv.length >= MIN_WASM_ELEMENTS && outputPool.inStore(dx) && rt.withScratch(() => {
      const [g, xs, ms] = [rt.input(gv), rt.input(xv), rt.input(mv)];
      if (mask === undefined) rt.run('bn_train_dx', [g, xs, ms, rt.put(a), rt.put(b), rt.put(k), dx.byteOffset, xv.length, c], xv.length);
      else rt.run('bn_relu_train_dx', [g, xs, ms, rt.put(mask.k), rt.put(mask.shift), rt.put(a), rt.put(b), rt.put(k), dx.byteOffset, xv.length, c], xv.length);
    });
    if (!wasm) {
      const f = Math.fround;
      for (let i = 0, j = 0; i < xv.length; i++) {
        const d = f(xv[i]! - mv[j]!);
        const g = mask === undefined || reluOn(d, mask.k[j]!, mask.shift[j]!) ? gv[i]! : 0;
        dx[i] = f(f(g * a[j]!) + f(f(d * b[j]!) + k[j]!));
        if (++j === c) j = 0;
      }
    }
    return [backend.makeTensorInfo(x!.shape, 'float32', dx), backend.makeTensorInfo([c], 'float32', dScale), backend.makeTensorInfo([c], 'float32', dOffset)];
  };

  return [
    { kernelName: BATCH_NORM_TRAIN_KERNEL, backendName, kernelFunc: forward(false) as unknown as KernelFunc },
    { kernelName: BATCH_NORM_TRAIN_GRAD_KERNEL, backendName, kernelFunc: gradient(false) as unknown as KernelFunc },
    { kernelName: BATCH_NORM_RELU_TRAIN_KERNEL, backendName, kernelFunc: forward(true) as unknown as KernelFunc },
    { kernelName: BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, backendName, kernelFunc: gradient(true) as unknown as KernelFunc },
  ];
}
