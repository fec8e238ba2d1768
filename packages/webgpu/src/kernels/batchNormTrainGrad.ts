/**
 * The gradients of a training batch norm (the fused BATCH_NORM_TRAIN_GRAD_KERNEL) with respect to
 * x, scale and offset, through the batch statistics, in three dispatches, instead of tfjs' gradients
 * of FusedBatchNorm and tf.moments (Mean, Sub, Square, Mean) composed:
 *   1. per-channel partial sums S1 of dy and S2 of dy * (x - mean): batchNormGrad.ts' first pass;
 *   2. one invocation per channel adds them and writes dscale = r * S2, doffset = S1 and dx's three
 *      coefficients (r = rsqrt(variance + eps), N rows):
 *        a = scale * r, b = (2 * dvariance - scale * r³ * S2) / N, c = (dmean - scale * r * S1) / N;
 *   3. dx = a * dy + b * (x - mean) + c, elementwise.
 * BATCH_NORM_RELU_TRAIN_GRAD_KERNEL is the same with dy replaced by g = dy where the forward's
 * y = (x - mean) * k + offset was positive, else 0 (k = scale * rsqrt(variance + eps), one more
 * dispatch of C invocations before the sums): passes 1 and 3 recompute that sign from x and k, so
 * the ReLU's gradient takes no pass of its own and both passes use one k, hence one mask. k is the
 * forward's own expression of the same saved statistics, so the mask is the forward's wherever y is
 * not within a rounding of 0 (where either side of the ReLU's kink is a gradient).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { describeInput, KernelInputError } from '../errors.js';
import { batchNormGradSums, coversBatchNormGrad, gradSumsUniforms, isChannelVector, TOTAL_GRAD_SUMS_WGSL } from './batchNormGrad.js';
import { columnPartials, type ColumnAccumulation } from './columnPartials.js';
import { ElementwiseProgram } from './elementwiseProgram.js';
import { BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL } from './fusedKernelNames.js';
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

/** k = scale * rsqrt(variance + eps) per channel: the slope of the forward's y, for the ReLU's mask. */
function slopeShader(cols: number): MultiOutputShader {
  const code = `
struct Uniforms { cols : u32, varianceEpsilon : f32 };
@group(0) @binding(0) var<storage, read_write> k : array<f32>;
@group(0) @binding(1) var<storage, read> variance : array<f32>;
@group(0) @binding(2) var<storage, read> scale : array<f32>;
@group(0) @binding(3) var<uniform> u : Uniforms;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let c = id.x;
  if (c >= u.cols) { return; }
  k[c] = scale[c] * inverseSqrt(variance[c] + u.varianceEpsilon);
}`;
  return { key: 'maskflowBatchNormReluTrainGradSlope', code, dispatch: [Math.ceil(cols / 64), 1, 1] };
}

/** batchNormGrad.ts' sums of dy and dy * (x - mean), with dy taken only where y = (x - mean) * k + offset > 0. */
const RELU_GRAD_SUMS: ColumnAccumulation = {
  key: 'maskflowBatchNormReluGradSums',
  variableNames: ['dy', 'x', 'mean', 'k', 'offset'],
  init: 'let mu = mean[c];\n        let kc = k[c];\n        let oc = offset[c];\n        var sumDy = 0.0;\n        var sumDyXmu = 0.0;',
  row: 'let xm = x[i] - mu;\n          let d = select(0.0, dy[i], xm * kc + oc > 0.0);\n          sumDy = sumDy + d;\n          sumDyXmu = sumDyXmu + d * xm;',
  values: ['sumDy', 'sumDyXmu'],
};

/**
 * dx = a * g + b * (x - mean) + c with the per-channel coefficients of finalizeShader, one
 * invocation per element; g is dy, or with `relu` dy where (x - mean) * k + offset > 0, else 0.
 */
class BatchNormTrainDxProgram extends ElementwiseProgram {
  variableNames: string[];
  override uniforms = 'cols : i32,';
  shaderKey: string;

  constructor(
    shape: number[],
    readonly relu: boolean,
  ) {
    super(shape);
    this.variableNames = relu ? ['dy', 'x', 'mean', 'coef', 'k', 'offset'] : ['dy', 'x', 'mean', 'coef'];
    this.shaderKey = `maskflowBatchNormTrainDx_${relu}`;
  }

  getUserCode(): string {
    const g = this.relu ? 'select(0.0, dy[index], xm * k[c] + offset[c] > 0.0)' : 'dy[index]';
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        let c = index % uniforms.cols;
        let xm = x[index] - mean[c];
        result[index] = coef[c] * ${g} + coef[uniforms.cols + c] * xm + coef[2 * uniforms.cols + c];
      }
    }`;
  }
}

/** The gradient kernel, plain or with the ReLU after the batch norm. */
const batchNormTrainGradKernel = (kernelName: string, relu: boolean) => (args: Parameters<KernelFunc>[0]): TensorInfo[] => {
  const backend = args.backend as WebGPUBackend;
  const { dy, x, mean, variance, scale, dmean, dvariance, offset } = args.inputs as Record<string, TensorInfo | undefined>;
  const inputs = relu ? [dy, x, mean, variance, scale, dmean, dvariance, offset] : [dy, x, mean, variance, scale, dmean, dvariance];
  // dmean and dvariance take coversBatchNormGrad's check of mean and variance: float32 [C].
  const covered = dy && x && mean && variance && scale && dmean && dvariance && x.shape.length >= 2 && coversBatchNormGrad(dy, x, mean, variance, scale) && coversBatchNormGrad(dy, x, dmean, dvariance) &&
    (!relu || (offset !== undefined && isChannelVector(offset, x)));
  if (!covered) {
    const expected = `float32 dy and x of one [..., C] shape (rank >= 2) and float32 [C] mean, variance, scale, dmean, dvariance${relu ? ', offset' : ''}`;
    throw new KernelInputError(kernelName, expected, inputs.map(describeInput).join(', '));
  }
  const eps = (args.attrs as { varianceEpsilon: number }).varianceEpsilon;
  const cols = mean.shape[0]!;
  // With the ReLU: the forward's slope per channel, read by the masked sums and dx; this kernel's scratch.
  const k = relu ? dispatchMultiOutput(backend, slopeShader(cols), 'MaskflowBatchNormReluTrainGradSlope', [variance, scale], [[cols]], [
    { type: 'uint32', data: [cols] },
    { type: 'float32', data: [eps] },
  ])[0]! : undefined;
  const partials = k ? columnPartials(backend, RELU_GRAD_SUMS, [dy, x, mean, k, offset!], cols) : batchNormGradSums(backend, dy, x, mean);
  const uniforms = [...gradSumsUniforms(partials, cols, eps), { type: 'float32' as const, data: [x.shape.slice(0, -1).reduce((p, d) => p * d, 1)] }];
  const [dScale, dOffset, coef] = dispatchMultiOutput(backend, finalizeShader(cols), 'MaskflowBatchNormTrainGradFinalize', [partials, variance, scale, dmean, dvariance], [[cols], [cols], [3 * cols]], uniforms);
  // The partial sums and the coefficients are this kernel's own scratch: released once the queue has read them.
  backend.disposeData(partials.dataId);
  const dxInputs = k ? [dy, x, mean, coef!, k, offset!] : [dy, x, mean, coef!];
  const dx = backend.runWebGPUProgram(new BatchNormTrainDxProgram(x.shape, relu), dxInputs, 'float32', [{ type: 'int32', data: [cols] }]);
  backend.disposeData(coef!.dataId);
  if (k) backend.disposeData(k.dataId);
  return [dx, dScale!, dOffset!];
};

/** BATCH_NORM_TRAIN_GRAD_KERNEL for 'maskflow-webgpu': what @maskflow/kernels' training batch norm gradient runs on this backend. */
export const batchNormTrainGradConfig: KernelConfig = { kernelName: BATCH_NORM_TRAIN_GRAD_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: batchNormTrainGradKernel(BATCH_NORM_TRAIN_GRAD_KERNEL, false) as unknown as KernelFunc };

/** BATCH_NORM_RELU_TRAIN_GRAD_KERNEL for 'maskflow-webgpu': the ReLU pair's gradient, no ReLU gradient pass of its own. */
export const batchNormReluTrainGradConfig: KernelConfig = { kernelName: BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: batchNormTrainGradKernel(BATCH_NORM_RELU_TRAIN_GRAD_KERNEL, true) as unknown as KernelFunc };
