/**
 * A training batch norm's forward pass (the fused BATCH_NORM_TRAIN_KERNEL) over [..., C] data in
 * three dispatches, instead of tf.moments (Mean, Sub, Square, Mean) and FusedBatchNorm:
 *   1. per-channel partial statistics (count, mean, M2) over the leading axes, split across
 *      workgroups as leadingAxesReduce.ts splits Sum (columnPartials.ts);
 *   2. one invocation per channel merges the partials into the biased mean and variance;
 *   3. y = (x - mean) * rsqrt(variance + eps) * scale + offset, elementwise (max(0, that) for
 *      BATCH_NORM_RELU_TRAIN_KERNEL, the batch norm and the ReLU after it in one pass).
 * Each invocation runs Welford's update over its rows and the per-channel pass merges them with
 * Chan et al.'s pairwise formula (https://en.wikipedia.org/wiki/Algorithms_for_calculating_variance):
 * no sum of squares is ever formed, so a channel whose mean is large against its spread (mean 50,
 * std 0.5) keeps its variance to float32 precision, where E[x²] - E[x]² would cancel most digits.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { describeInput, KernelInputError } from '../errors.js';
import { isChannelVector } from './batchNormGrad.js';
import { columnPartials, type ColumnAccumulation } from './columnPartials.js';
import { ElementwiseProgram } from './elementwiseProgram.js';
import { BATCH_NORM_RELU_TRAIN_KERNEL, BATCH_NORM_TRAIN_KERNEL } from './fusedKernelNames.js';
import { dispatchMultiOutput, type MultiOutputShader } from './multiOutputDispatch.js';

/** Welford's running count, mean and M2 (sum of squared deviations) of each (split, lane): partials [partialRows, 3 * cols]. */
const WELFORD: ColumnAccumulation = {
  key: 'maskflowBatchNormTrainStats',
  variableNames: ['x'],
  init: 'var n = 0.0;\n        var m = 0.0;\n        var m2 = 0.0;',
  row: 'let v = x[i];\n          n = n + 1.0;\n          let delta = v - m;\n          m = m + delta / n;\n          m2 = m2 + delta * (v - m);',
  values: ['n', 'm', 'm2'],
};

/** Mean and biased variance per channel from the Welford partials, merged one partial at a time (Chan et al.). */
function mergeShader(cols: number): MultiOutputShader {
  const code = `
struct Uniforms { cols : u32, partialRows : u32 };
@group(0) @binding(0) var<storage, read_write> mean : array<f32>;
@group(0) @binding(1) var<storage, read_write> variance : array<f32>;
@group(0) @binding(2) var<storage, read> partials : array<f32>;
@group(0) @binding(3) var<uniform> u : Uniforms;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let c = id.x;
  if (c >= u.cols) { return; }
  var n = 0.0;
  var m = 0.0;
  var m2 = 0.0;
  for (var p = 0u; p < u.partialRows; p = p + 1u) {
    let at = p * 3u * u.cols + c;
    let nb = partials[at];
    // Lanes past the last row of their split added nothing.
    if (nb > 0.0) {
      let total = n + nb;
      let delta = partials[at + u.cols] - m;
      m = m + delta * (nb / total);
      m2 = m2 + partials[at + 2u * u.cols] + delta * delta * (n / total) * nb;
      n = total;
    }
  }
  mean[c] = m;
  variance[c] = m2 / n;
}`;
  return { key: 'maskflowBatchNormTrainMerge', code, dispatch: [Math.ceil(cols / 64), 1, 1] };
}

/** y = (x - mean) * (scale * rsqrt(variance + eps)) + offset, or max(0, that) with `relu`, one invocation per element. */
class BatchNormTrainYProgram extends ElementwiseProgram {
  variableNames = ['x', 'mean', 'variance', 'scale', 'offset'];
  override uniforms = 'cols : i32, varianceEpsilon : f32,';
  shaderKey: string;

  constructor(
    shape: number[],
    readonly relu: boolean,
  ) {
    super(shape);
    this.shaderKey = `maskflowBatchNormTrainY_${relu}`;
  }

  getUserCode(): string {
    const y = '(x[index] - mean[c]) * (scale[c] * inverseSqrt(variance[c] + uniforms.varianceEpsilon)) + offset[c]';
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        let c = index % uniforms.cols;
        result[index] = ${this.relu ? `max(0.0, ${y})` : y};
      }
    }`;
  }
}

/** Whether the kernel takes these inputs: non-empty float32 x of rank >= 2 and float32 [C] scale and offset, C its last axis. */
function coversBatchNormTrain(x: TensorInfo, scale: TensorInfo, offset: TensorInfo): boolean {
  return x.dtype === 'float32' && x.shape.length >= 2 && util.sizeFromShape(x.shape) > 0 && isChannelVector(scale, x) && isChannelVector(offset, x);
}

/** The forward kernel, plain or with the ReLU after it. */
const batchNormTrainKernel = (kernelName: string, relu: boolean) => (args: Parameters<KernelFunc>[0]): TensorInfo[] => {
  const backend = args.backend as WebGPUBackend;
  const { x, scale, offset } = args.inputs as Record<string, TensorInfo | undefined>;
  if (!x || !scale || !offset || !coversBatchNormTrain(x, scale, offset)) {
    const got = `x ${describeInput(x)}, scale ${describeInput(scale)}, offset ${describeInput(offset)}`;
    throw new KernelInputError(kernelName, 'non-empty float32 x of shape [..., C] (rank >= 2) and float32 [C] scale and offset', got);
  }
  const eps = (args.attrs as { varianceEpsilon: number }).varianceEpsilon;
  const cols = scale.shape[0]!;
  const partials = columnPartials(backend, WELFORD, [x], cols);
  const [mean, variance] = dispatchMultiOutput(backend, mergeShader(cols), 'MaskflowBatchNormTrainMerge', [partials], [[cols], [cols]], [
    { type: 'uint32', data: [cols] },
    { type: 'uint32', data: [partials.shape[0]!] },
  ]);
  // The partials are this kernel's own scratch: released once the queue has read them.
  backend.disposeData(partials.dataId);
  const y = backend.runWebGPUProgram(new BatchNormTrainYProgram(x.shape, relu), [x, mean!, variance!, scale, offset], 'float32', [
    { type: 'int32', data: [cols] },
    { type: 'float32', data: [eps] },
  ]);
  return [y, mean!, variance!];
};

/** BATCH_NORM_TRAIN_KERNEL for 'maskflow-webgpu': what @maskflow/kernels' training batch norm runs on this backend. */
export const batchNormTrainConfig: KernelConfig = { kernelName: BATCH_NORM_TRAIN_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: batchNormTrainKernel(BATCH_NORM_TRAIN_KERNEL, false) as unknown as KernelFunc };

/** BATCH_NORM_RELU_TRAIN_KERNEL for 'maskflow-webgpu': the batch norm and the ReLU after it, one pass fewer than the two kernels. */
export const batchNormReluTrainConfig: KernelConfig = { kernelName: BATCH_NORM_RELU_TRAIN_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: batchNormTrainKernel(BATCH_NORM_RELU_TRAIN_KERNEL, true) as unknown as KernelFunc };
