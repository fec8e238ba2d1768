/**
 * The gradients of a training batch norm (the fused BATCH_NORM_TRAIN_GRAD_KERNEL) with respect to
 * x, scale and offset, through the batch statistics, in three dispatches, instead of tfjs' gradients
 * of FusedBatchNorm and tf.moments (Mean, Sub, Square, Mean) composed:
 *   1. per-channel partial sums S1 of dy and S2 of dy * (x - mean): batchNormGrad.ts' first pass;
 *   2. one invocation per channel adds them and writes dscale = r * S2, doffset = S1 and dx's three
 *      coefficients (r = rsqrt(variance + eps), N rows):
 *        a = scale * r, b = (2 * dvariance - scale * r³ * S2) / N, c = (dmean - scale * r * S1) / N;
 *   3. dx = a * dy + b * (x - mean) + c, elementwise.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { describeInput, KernelInputError } from '../errors.js';
import { batchNormGradSums, coversBatchNormGrad, gradSumsUniforms, TOTAL_GRAD_SUMS_WGSL } from './batchNormGrad.js';
import { ElementwiseProgram } from './elementwiseProgram.js';
import { BATCH_NORM_TRAIN_GRAD_KERNEL } from './fusedKernelNames.js';
import { dispatchMultiOutput, type MultiOutputShader } from './multiOutputDispatch.js';

/** dscale, doffset and dx's coefficients [3 * C] (a, then b, then c) from the partial sums. */
function finalizeShader(cols: number): MultiOutputShader {
  const code = `
struct Uniforms { cols : u32, partialRows : u32, varianceEpsilon : f32, rows : f32 };
@group(0) @binding(0) var<storage, read_write> dScale : array<f32>;
@group(0) @binding(1) var<storage, read_write> dOffset : array<f32>;
@group(0) @binding(2) var<storage, read_write> coef : array<f32>;
@group(0) @binding(3) var<storage, read> partials : array<f32>;
@group(0) @binding(4) var<storage, read> variance : array<f32>;
@group(0) @binding(5) var<storage, read> scale : array<f32>;
@group(0) @binding(6) var<storage, read> dMean : array<f32>;
@group(0) @binding(7) var<storage, read> dVariance : array<f32>;
@group(0) @binding(8) var<uniform> u : Uniforms;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let c = id.x;
  if (c >= u.cols) { return; }
  ${TOTAL_GRAD_SUMS_WGSL}
  let rs = inverseSqrt(variance[c] + u.varianceEpsilon);
  let a = scale[c] * rs;
  dOffset[c] = sumDy;
  dScale[c] = rs * sumDyXmu;
  coef[c] = a;
  coef[u.cols + c] = (2.0 * dVariance[c] - a * rs * rs * sumDyXmu) / u.rows;
  coef[2u * u.cols + c] = (dMean[c] - a * sumDy) / u.rows;
}`;
  return { key: 'maskflowBatchNormTrainGradFinalize', code, dispatch: [Math.ceil(cols / 64), 1, 1] };
}

/** dx = a * dy + b * (x - mean) + c with the per-channel coefficients of finalizeShader, one invocation per element. */
class BatchNormTrainDxProgram extends ElementwiseProgram {
  variableNames = ['dy', 'x', 'mean', 'coef'];
  override uniforms = 'cols : i32,';
  shaderKey = 'maskflowBatchNormTrainDx';

  getUserCode(): string {
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        let c = index % uniforms.cols;
        result[index] = coef[c] * dy[index] + coef[uniforms.cols + c] * (x[index] - mean[c]) + coef[2 * uniforms.cols + c];
      }
    }`;
  }
}

const batchNormTrainGradKernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo[] => {
  const backend = args.backend as WebGPUBackend;
  const { dy, x, mean, variance, scale, dmean, dvariance } = args.inputs as Record<string, TensorInfo | undefined>;
  const inputs = [dy, x, mean, variance, scale, dmean, dvariance];
  // dmean and dvariance take coversBatchNormGrad's check of mean and variance: float32 [C].
  const covered = dy && x && mean && variance && scale && dmean && dvariance && x.shape.length >= 2 && coversBatchNormGrad(dy, x, mean, variance, scale) && coversBatchNormGrad(dy, x, dmean, dvariance);
  if (!covered) {
    const expected = 'float32 dy and x of one [..., C] shape (rank >= 2) and float32 [C] mean, variance, scale, dmean, dvariance';
    throw new KernelInputError(BATCH_NORM_TRAIN_GRAD_KERNEL, expected, inputs.map(describeInput).join(', '));
  }
  const eps = (args.attrs as { varianceEpsilon: number }).varianceEpsilon;
  const cols = mean.shape[0]!;
  const partials = batchNormGradSums(backend, dy, x, mean);
  const uniforms = [...gradSumsUniforms(partials, cols, eps), { type: 'float32' as const, data: [x.shape.slice(0, -1).reduce((p, d) => p * d, 1)] }];
  const [dScale, dOffset, coef] = dispatchMultiOutput(backend, finalizeShader(cols), 'MaskflowBatchNormTrainGradFinalize', [partials, variance, scale, dmean, dvariance], [[cols], [cols], [3 * cols]], uniforms);
  // The partial sums and the coefficients are this kernel's own scratch: released once the queue has read them.
  backend.disposeData(partials.dataId);
  const dx = backend.runWebGPUProgram(new BatchNormTrainDxProgram(x.shape), [dy, x, mean, coef!], 'float32', [{ type: 'int32', data: [cols] }]);
  backend.disposeData(coef!.dataId);
  return [dx, dScale!, dOffset!];
};

/** BATCH_NORM_TRAIN_GRAD_KERNEL for 'maskflow-webgpu': what @maskflow/kernels' training batch norm gradient runs on this backend. */
export const batchNormTrainGradConfig: KernelConfig = { kernelName: BATCH_NORM_TRAIN_GRAD_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: batchNormTrainGradKernelFunc as unknown as KernelFunc };
