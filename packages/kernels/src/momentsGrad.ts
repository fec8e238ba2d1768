import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { kernelFailure } from './errors.js';
import { fuseGradient } from './fusedGradient.js';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];

/** Mean's gradient in one pass: input dy, attrs { shape, axes } (a leading or trailing block of axes), output dy / n broadcast to shape. */
export const MEAN_GRAD_KERNEL = 'MaskflowMeanGrad';
/** Square's gradient in one pass: inputs dy and x of one shape, output dy * (x * 2). */
export const SQUARE_GRAD_KERNEL = 'MaskflowSquareGrad';

/** Op code of csrc/elementwise.c's binary kernel for x * (y * 2). */
const SQUARE_GRAD_OP = 8;
const MIN_WASM_ELEMENTS = 16384;

/** 'leading' or 'trailing' when the sorted axes are a block at that end of a rank-`rank` shape, else undefined. */
function axisBlock(axes: number[], rank: number): 'leading' | 'trailing' | undefined {
  if (axes.every((a, i) => a === i)) return 'leading';
  if (axes.every((a, i) => a === rank - axes.length + i)) return 'trailing';
  return undefined;
}

/**
 * tf.moments (which tfjs-layers' BatchNormalization runs in training) is mean, sub, square, mean;
 * tfjs-core writes the gradients of Mean and Square as chains of full-size kernels: Mean's as
 * ones(x.shape) (a Fill), a broadcasting Multiply and a RealDiv; Square's as two Multiplies. These
 * kernels give the same float32 results (dy * 1 / n is dy / n; x * 2 is exact) in one pass each.
 */
export function momentsGradKernels(rt: WasmRuntime, backendName: string): KernelConfig[] {
  const meanGrad = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { dy } = args.inputs as Record<string, TensorInfo>;
    const { shape, axes } = args.attrs as unknown as { shape: number[]; axes: number[] };
    const gv = floatValues(backend, dy!);
    const block = axisBlock(axes, shape.length);
    if (!gv || block === undefined) throw kernelFailure(MEAN_GRAD_KERNEL, 'expected float32 dy and a leading or trailing block of axes');
    const reduceSize = axes.reduce((p, a) => p * shape[a]!, 1);
    const size = shape.reduce((p, d) => p * d, 1);
    const out = outputPool.take(size);
    if (block === 'leading') {
      // out is dy / n repeated: write it once, then double the written prefix (native memmove).
      for (let j = 0; j < gv.length; j++) out[j] = gv[j]! / reduceSize;
      for (let done = gv.length; done < size; done *= 2) out.copyWithin(done, 0, Math.min(done, size - done));
    } else {
      const run = reduceSize;
      for (let j = 0; j < gv.length; j++) out.fill(gv[j]! / reduceSize, j * run, (j + 1) * run);
    }
    return backend.makeTensorInfo(shape, 'float32', out);
  };

  const squareGrad = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { dy, x } = args.inputs as Record<string, TensorInfo>;
    const gv = floatValues(backend, dy!), xv = floatValues(backend, x!);
    if (!gv || !xv || gv.length !== xv.length) throw kernelFailure(SQUARE_GRAD_KERNEL, 'expected float32 dy and x of one shape');
    const out = outputPool.take(gv.length);
    const wasm = gv.length >= MIN_WASM_ELEMENTS && outputPool.inStore(out)
      && rt.withScratch(() => rt.run('binary', [SQUARE_GRAD_OP, rt.input(gv), rt.input(xv), out.byteOffset, gv.length, gv.length, 0], gv.length));
    if (!wasm) for (let i = 0; i < gv.length; i++) out[i] = gv[i]! * (xv[i]! * 2);
    return backend.makeTensorInfo(x!.shape, 'float32', out);
  };

  return [
    { kernelName: MEAN_GRAD_KERNEL, backendName, kernelFunc: meanGrad as unknown as KernelFunc },
    { kernelName: SQUARE_GRAD_KERNEL, backendName, kernelFunc: squareGrad as unknown as KernelFunc },
  ];
}

/**
 * Registers the gradients of Mean and Square again: on a backend that registers MEAN_GRAD_KERNEL /
 * SQUARE_GRAD_KERNEL (maskflow-cpu, maskflow-webgpu), one kernel call for float32 (Mean: over a
 * leading or trailing block of axes); tfjs-core's own gradients elsewhere (gradients are registered
 * per kernel name, for every backend). Idempotent.
 */
export function registerMomentsGradients(): void {
  fuseGradient(tf.Mean, MEAN_GRAD_KERNEL, (dy, [x], attrs) => {
    const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x!.shape).sort((a, b) => a - b);
    if (x!.dtype !== 'float32' || dy.dtype !== 'float32' || axisBlock(axes, x!.rank) === undefined) return undefined;
    return { x: () => tf.engine().runKernel(MEAN_GRAD_KERNEL, { dy }, { shape: x!.shape, axes } as unknown as tf.NamedAttrMap) as tf.Tensor };
  });
  fuseGradient(tf.Square, SQUARE_GRAD_KERNEL, (dy, [x]) =>
    x!.dtype !== 'float32' || dy.dtype !== 'float32' ? undefined : { x: () => tf.engine().runKernel(SQUARE_GRAD_KERNEL, { dy, x: x! }) as tf.Tensor });
}
