/**
 * Relu's gradient as one elementwise program (RELU_GRAD_KERNEL) instead of tfjs-core's
 * mul(dy, cast(step(x))): three kernels and two full-size intermediates.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { KernelInputError } from '../errors.js';
import { ElementwiseProgram } from './elementwiseProgram.js';
import { RELU_GRAD_KERNEL } from './fusedKernelNames.js';

/**
 * dy * step(x) with tfjs' Step: 1 for x > 0, x itself for NaN (so NaN propagates), else 0; the
 * multiply is kept (not a select of dy) so dy * 0 keeps its sign, -0 for negative dy, as on tfjs-cpu
 * and maskflow-cpu. isnan is tfjs-backend-webgpu's bit test, which shader fast-math cannot fold.
 */
class ReluGradProgram extends ElementwiseProgram {
  variableNames = ['dy', 'x'];
  shaderKey = 'maskflowReluGrad';

  getUserCode(): string {
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        let v = x[index];
        var step = select(0.0, 1.0, v > 0.0);
        if (isnan(v)) {
          step = v;
        }
        result[index] = dy[index] * step;
      }
    }`;
  }
}

const reluGradKernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
  const backend = args.backend as WebGPUBackend;
  const { dy, x } = args.inputs as Record<string, TensorInfo | undefined>;
  if (dy === undefined || x === undefined || dy.dtype !== 'float32' || x.dtype !== 'float32' || !util.arraysEqual(dy.shape, x.shape)) {
    const got = [dy, x].map((t) => (t === undefined ? 'missing' : `${t.dtype} [${t.shape}]`)).join(', ');
    throw new KernelInputError(RELU_GRAD_KERNEL, 'float32 dy and x of one shape', got);
  }
  return backend.runWebGPUProgram(new ReluGradProgram(x.shape), [dy, x], 'float32');
};

/** RELU_GRAD_KERNEL for 'maskflow-webgpu': what @maskflow/kernels' Relu gradient runs on this backend. */
export const reluGradConfig: KernelConfig = { kernelName: RELU_GRAD_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: reluGradKernelFunc as unknown as KernelFunc };
