/**
 * All five FusedBatchNorm gradients (the fused BATCH_NORM_GRAD_KERNEL) over [..., C] data with [C]
 * statistics in three dispatches, instead of tfjs-core's gradient (~15 elementwise kernels, a
 * full-size Tile and four Sums):
 *   1. per-channel partial sums of dy and dy * (x - mean) over the leading axes: contiguous column
 *      sums split across workgroups (columnPartials.ts), as leadingAxesReduce.ts does for Sum;
 *   2. one invocation per channel adds the partials and writes dmean, dvariance, dscale, doffset;
 *   3. dx = dy * rsqrt(variance + eps) * scale, elementwise.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { webgpu_util, type WebGPUBackend, type WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { KernelInputError } from '../errors.js';
import { columnPartials, type ColumnAccumulation } from './columnPartials.js';
import { BATCH_NORM_GRAD_KERNEL } from './fusedKernelNames.js';
import { dispatchMultiOutput, type MultiOutputShader, type UniformField } from './multiOutputDispatch.js';

/** Per (split, lane) sums of dy and of dy * (x - mean): partials [partialRows, 2 * cols]. */
const GRAD_SUMS: ColumnAccumulation = {
  key: 'maskflowBatchNormGradSums',
  variableNames: ['dy', 'x', 'mean'],
  init: 'let mu = mean[c];\n        var sumDy = 0.0;\n        var sumDyXmu = 0.0;',
  row: 'let d = dy[i];\n          sumDy = sumDy + d;\n          sumDyXmu = sumDyXmu + d * (x[i] - mu);',
  values: ['sumDy', 'sumDyXmu'],
};

/**
 * WGSL that totals GRAD_SUMS' partials of column `c` into `sumDy` and `sumDyXmu`; the shader binds
 * them as `partials` and has `u.cols` and `u.partialRows` (the uniforms of {@link gradSumsUniforms}).
 */
export const TOTAL_GRAD_SUMS_WGSL = `
  var sumDy = 0.0;
  var sumDyXmu = 0.0;
  for (var p = 0u; p < u.partialRows; p = p + 1u) {
    sumDy = sumDy + partials[p * 2u * u.cols + c];
    sumDyXmu = sumDyXmu + partials[p * 2u * u.cols + u.cols + c];
  }`;

/** Partial sums of dy and dy * (x - mean) per channel (first pass of both batch-norm gradient kernels); the caller disposes them. */
export function batchNormGradSums(backend: WebGPUBackend, dy: TensorInfo, x: TensorInfo, mean: TensorInfo): TensorInfo {
  return columnPartials(backend, GRAD_SUMS, [dy, x, mean], mean.shape[0]!);
}

/** Uniforms `{ cols : u32, partialRows : u32, varianceEpsilon : f32 }` of a finalize shader over `partials`. */
export function gradSumsUniforms(partials: TensorInfo, cols: number, eps: number): UniformField[] {
  return [
    { type: 'uint32', data: [cols] },
    { type: 'uint32', data: [partials.shape[0]!] },
    { type: 'float32', data: [eps] },
  ];
}

/** The [C] gradients from the partial sums, in tfjs-core's order of operations (FusedBatchNorm_grad.ts). */
function finalizeShader(hasScale: boolean, cols: number): MultiOutputShader {
  const scaleBinding = hasScale ? '@group(0) @binding(6) var<storage, read> scale : array<f32>;' : '';
  const code = `
struct Uniforms { cols : u32, partialRows : u32, varianceEpsilon : f32 };
@group(0) @binding(0) var<storage, read_write> dMean : array<f32>;
@group(0) @binding(1) var<storage, read_write> dVariance : array<f32>;
@group(0) @binding(2) var<storage, read_write> dScale : array<f32>;
@group(0) @binding(3) var<storage, read_write> dOffset : array<f32>;
@group(0) @binding(4) var<storage, read> partials : array<f32>;
@group(0) @binding(5) var<storage, read> variance : array<f32>;
${scaleBinding}
@group(0) @binding(${hasScale ? 7 : 6}) var<uniform> u : Uniforms;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let c = id.x;
  if (c >= u.cols) { return; }
  ${TOTAL_GRAD_SUMS_WGSL}
  let rs = inverseSqrt(variance[c] + u.varianceEpsilon);
  let s = ${hasScale ? 'scale[c]' : '1.0'};
  dOffset[c] = sumDy;
  dMean[c] = ((rs * -1.0) * s) * sumDy;
  dScale[c] = rs * sumDyXmu;
  dVariance[c] = (((rs * rs) * rs) * -0.5) * s * sumDyXmu;
}`;
  return { key: `maskflowBatchNormGradFinalize_${hasScale}`, code, dispatch: [Math.ceil(cols / 64), 1, 1] };
}

/** dx = (dy * rsqrt(variance + eps)) * scale, one invocation per element. */
class BatchNormGradDxProgram implements WebGPUProgram {
  variableNames: string[];
  uniforms = 'cols : i32, varianceEpsilon : f32,';
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;

  constructor(
    shape: number[],
    readonly hasScale: boolean,
  ) {
    this.variableNames = hasScale ? ['dy', 'variance', 'scale'] : ['dy', 'variance'];
    this.outputShape = shape;
    this.dispatchLayout = webgpu_util.flatDispatchLayout(shape);
    this.dispatch = webgpu_util.computeDispatch(this.dispatchLayout, shape, this.workgroupSize);
    this.shaderKey = `maskflowBatchNormGradDx_${hasScale}`;
  }

  getUserCode(): string {
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        let c = index % uniforms.cols;
        result[index] = (dy[index] * inverseSqrt(variance[c] + uniforms.varianceEpsilon)) * ${this.hasScale ? 'scale[c]' : '1.0'};
      }
    }`;
  }
}

/** Whether `t` is a float32 [C] vector for the channels (last axis) of `x`. */
export function isChannelVector(t: TensorInfo, x: TensorInfo): boolean {
  return t.dtype === 'float32' && t.shape.length === 1 && t.shape[0] === x.shape[x.shape.length - 1];
}

/** Whether the fused gradient takes these inputs: float32 dy and x of one shape, [C] statistics (and scale) with C the last axis. */
export function coversBatchNormGrad(dy: TensorInfo, x: TensorInfo, mean: TensorInfo, variance: TensorInfo, scale?: TensorInfo): boolean {
  const c = x.shape[x.shape.length - 1] ?? 0;
  const isStat = (t: TensorInfo): boolean => isChannelVector(t, x);
  return x.dtype === 'float32' && dy.dtype === 'float32' && util.arraysEqual(dy.shape, x.shape) && c > 0 && isStat(mean) && isStat(variance) && (scale === undefined || isStat(scale));
}

const batchNormGradKernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo[] => {
  const backend = args.backend as WebGPUBackend;
  const { dy, x, mean, variance, scale } = args.inputs as Record<string, TensorInfo | undefined>;
  if (!dy || !x || !mean || !variance || !coversBatchNormGrad(dy, x, mean, variance, scale ?? undefined)) {
    const got = [dy, x, mean, variance, scale].map((t) => (t == null ? '-' : `${t.dtype} [${t.shape}]`)).join(', ');
    throw new KernelInputError(BATCH_NORM_GRAD_KERNEL, 'float32 dy and x of one [..., C] shape and [C] mean, variance (and scale)', got);
  }
  const eps = (args.attrs as { varianceEpsilon: number }).varianceEpsilon;
  const cols = mean.shape[0]!;
  const partials = batchNormGradSums(backend, dy, x, mean);
  const hasScale = scale != null;
  const stats = scale != null ? [variance, scale] : [variance];
  const [dMean, dVariance, dScale, dOffset] = dispatchMultiOutput(backend, finalizeShader(hasScale, cols), 'MaskflowBatchNormGradFinalize', [partials, ...stats], [[cols], [cols], [cols], [cols]], gradSumsUniforms(partials, cols, eps));
  // The partial sums are this kernel's own scratch: released once the queue has read them.
  backend.disposeData(partials.dataId);
  const dx = backend.runWebGPUProgram(new BatchNormGradDxProgram(x.shape, hasScale), [dy, ...stats], 'float32', [
    { type: 'int32', data: [cols] },
    { type: 'float32', data: [eps] },
  ]);
  return [dx, dMean!, dVariance!, dScale!, dOffset!];
};

/** BATCH_NORM_GRAD_KERNEL for 'maskflow-webgpu': what @maskflow/kernels' FusedBatchNorm gradient runs on this backend. */
export const batchNormGradConfig: KernelConfig = { kernelName: BATCH_NORM_GRAD_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: batchNormGradKernelFunc as unknown as KernelFunc };
