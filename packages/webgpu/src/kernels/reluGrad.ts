/**
 * Relu's gradient as one elementwise program (RELU_GRAD_KERNEL) instead of tfjs-core's
 * mul(dy, cast(step(x))): three kernels and two full-size intermediates.
 */
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { dyXGradKernel, ElementwiseProgram } from './elementwiseProgram.js';
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

/** RELU_GRAD_KERNEL for 'maskflow-webgpu': what @maskflow/kernels' Relu gradient runs on this backend. */
export const reluGradConfig: KernelConfig = { kernelName: RELU_GRAD_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: dyXGradKernel(RELU_GRAD_KERNEL, (shape) => new ReluGradProgram(shape)) };
