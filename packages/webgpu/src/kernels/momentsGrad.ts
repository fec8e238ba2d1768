/**
 * The gradients of Mean and Square (tf.moments inside batch norm) as one elementwise program each
 * (MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL). tfjs-core composes Mean's gradient from a Fill of ones, a
 * broadcasting Multiply and a RealDiv, and Square's from two Multiplies: three and two full-size
 * passes. These give the same float32 values (dy * 1 is dy; x * 2 is exact) in one pass each.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { describeInput, KernelInputError } from '../errors.js';
import { dyXGradKernel, ElementwiseProgram } from './elementwiseProgram.js';
import { MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL } from './fusedKernelNames.js';

/**
 * dy / n broadcast over the reduced axes. Leading block: dy repeats every dySize elements
 * (out[i] = dy[i % dySize]); trailing block: each dy value covers a run of n (out[i] = dy[i / n]).
 */
class MeanGradProgram extends ElementwiseProgram {
  variableNames = ['dy'];
  override uniforms = 'dySize : i32, reduceSize : i32, divisor : f32,';
  shaderKey: string;

  constructor(
    shape: number[],
    readonly block: 'leading' | 'trailing',
  ) {
    super(shape);
    this.shaderKey = `maskflowMeanGrad_${block}`;
  }

  getUserCode(): string {
    const source = this.block === 'leading' ? 'index % uniforms.dySize' : 'index / uniforms.reduceSize';
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        result[index] = dy[${source}] / uniforms.divisor;
      }
    }`;
  }
}

/** dy * (x * 2), tfjs-core's Square gradient in its order of operations. */
class SquareGradProgram extends ElementwiseProgram {
  variableNames = ['dy', 'x'];
  shaderKey = 'maskflowSquareGrad';

  getUserCode(): string {
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        result[index] = dy[index] * (x[index] * 2.0);
      }
    }`;
  }
}

/** 'leading' or 'trailing' when the sorted `axes` are a block at that end of a rank-`rank` shape, else undefined. */
export function meanGradBlock(axes: readonly number[], rank: number): 'leading' | 'trailing' | undefined {
  if (axes.every((a, i) => a === i)) return 'leading';
  if (axes.every((a, i) => a === rank - axes.length + i)) return 'trailing';
  return undefined;
}

const meanGradKernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
  const backend = args.backend as WebGPUBackend;
  const { dy } = args.inputs as Record<string, TensorInfo | undefined>;
  const { shape, axes } = args.attrs as unknown as { shape: number[]; axes: number[] };
  const block = meanGradBlock(axes, shape.length);
  const reduceSize = axes.reduce((p, a) => p * shape[a]!, 1);
  const size = util.sizeFromShape(shape);
  if (dy === undefined || dy.dtype !== 'float32' || block === undefined || util.sizeFromShape(dy.shape) * reduceSize !== size) {
    throw new KernelInputError(MEAN_GRAD_KERNEL, 'float32 dy of the reduced size and a sorted leading or trailing block of axes', `dy ${describeInput(dy)}, shape [${shape}], axes [${axes}]`);
  }
  return backend.runWebGPUProgram(new MeanGradProgram(shape, block), [dy], 'float32', [
    { type: 'int32', data: [Math.max(1, size / reduceSize)] },
    { type: 'int32', data: [Math.max(1, reduceSize)] },
    { type: 'float32', data: [reduceSize] },
  ]);
};

/** MEAN_GRAD_KERNEL for 'maskflow-webgpu': what @maskflow/kernels' Mean gradient runs on this backend. */
export const meanGradConfig: KernelConfig = { kernelName: MEAN_GRAD_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: meanGradKernelFunc as unknown as KernelFunc };
/** SQUARE_GRAD_KERNEL for 'maskflow-webgpu': what @maskflow/kernels' Square gradient runs on this backend. */
export const squareGradConfig: KernelConfig = { kernelName: SQUARE_GRAD_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: dyXGradKernel(SQUARE_GRAD_KERNEL, (shape) => new SquareGradProgram(shape)) };
