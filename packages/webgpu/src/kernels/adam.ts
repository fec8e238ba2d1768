/** Adam's update of one variable as one WGSL dispatch writing x', m' and v' (the fused ADAM_KERNEL). */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { describeInput, KernelInputError } from '../errors.js';
import { ADAM_KERNEL, type AdamAttrs } from './fusedKernelNames.js';
import { dispatchMultiOutput, flatGroups, type MultiOutputShader } from './multiOutputDispatch.js';

const WORKGROUP = 64;

/**
 * tfjs-core's AdamOptimizer per element, in its operation order (each line one of its kernels):
 * m' = m*b1 + g*(1-b1); v' = v*b2 + g²*(1-b2); x' = ((m'/c1) / (sqrt(v'/c2) + eps)) * -lr + x.
 */
const ADAM_WGSL = `
struct Uniforms { size : u32, rowStride : u32, beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, correction1 : f32, correction2 : f32, negLearningRate : f32, epsilon : f32 };
@group(0) @binding(0) var<storage, read_write> newX : array<f32>;
@group(0) @binding(1) var<storage, read_write> newM : array<f32>;
@group(0) @binding(2) var<storage, read_write> newV : array<f32>;
@group(0) @binding(3) var<storage, read> x : array<f32>;
@group(0) @binding(4) var<storage, read> g : array<f32>;
@group(0) @binding(5) var<storage, read> m : array<f32>;
@group(0) @binding(6) var<storage, read> v : array<f32>;
@group(0) @binding(7) var<uniform> u : Uniforms;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let i = id.y * u.rowStride + id.x;
  if (i >= u.size) { return; }
  let gi = g[i];
  let nm = m[i] * u.beta1 + gi * u.oneMinusBeta1;
  let nv = v[i] * u.beta2 + (gi * gi) * u.oneMinusBeta2;
  newM[i] = nm;
  newV[i] = nv;
  newX[i] = ((nm / u.correction1) / (sqrt(nv / u.correction2) + u.epsilon)) * u.negLearningRate + x[i];
}`;

/** x', m', v' of Adam for float32 x, g, m, v of one shape, in one dispatch. */
const adamKernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo[] => {
  const backend = args.backend as WebGPUBackend;
  const { x, g, m, v } = args.inputs as Record<string, TensorInfo | undefined>;
  const inputs = [x, g, m, v];
  if (inputs.some((t) => t === undefined || t.dtype !== 'float32' || !util.arraysEqual(t.shape, x!.shape))) {
    throw new KernelInputError(ADAM_KERNEL, 'four float32 tensors of one shape (x, g, m, v)', inputs.map(describeInput).join(', '));
  }
  const a = args.attrs as unknown as AdamAttrs;
  const size = util.sizeFromShape(x!.shape);
  const dispatch = flatGroups(backend, Math.ceil(size / WORKGROUP));
  const shader: MultiOutputShader = { key: 'maskflowAdam', code: ADAM_WGSL, dispatch };
  const f = Math.fround;
  // The float32 scalars tfjs multiplies by: scalar(1 - beta1) is 1 - beta1 rounded once to float32.
  return dispatchMultiOutput(backend, shader, 'MaskflowAdamProgram', inputs as TensorInfo[], [x!.shape, x!.shape, x!.shape], [
    { type: 'uint32', data: [size] },
    { type: 'uint32', data: [dispatch[0] * WORKGROUP] },
    ...[a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.correction1, a.correction2, -a.learningRate, a.epsilon].map((s) => ({ type: 'float32' as const, data: [f(s)] })),
  ]);
};

/** ADAM_KERNEL for 'maskflow-webgpu': what FusedAdamOptimizer runs per variable on this backend. */
export const adamConfig: KernelConfig = { kernelName: ADAM_KERNEL, backendName: 'maskflow-webgpu', kernelFunc: adamKernelFunc as unknown as KernelFunc };
