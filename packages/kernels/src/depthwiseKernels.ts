import { backend_util, DepthwiseConv2dNative, DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { convGeometry } from './convGeometry.js';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { KernelName, WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;
type Attrs = {
  strides: number | [number, number]; pad: 'same' | 'valid' | number; dilations?: number | [number, number]; dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape?: number[]; filterShape?: number[];
};

/** Which of the three products a pass accumulates (see csrc/depthwise.c). */
type Pass = 'forward' | 'input' | 'filter';

const KERNEL_OF: Record<Pass, string> = { forward: DepthwiseConv2dNative, input: DepthwiseConv2dNativeBackpropInput, filter: DepthwiseConv2dNativeBackpropFilter };

const WASM_KERNEL: Record<Pass, KernelName> = { forward: 'depthwise_forward', input: 'depthwise_input_grad', filter: 'depthwise_filter_grad' };

/**
 * One pass of csrc/depthwise.c on every thread, into a pooled array of `floats` values the caller
 * owns; undefined when the shared memory has no room for the output (the caller runs the stock kernel).
 */
function runPass(rt: WasmRuntime, pass: Pass, info: backend_util.Conv2DInfo, a: Float32Array, b: Float32Array, floats: number): Float32Array | undefined {
  const out = outputPool.take(floats);
  if (!outputPool.inStore(out)) {
    outputPool.release(out);
    return undefined;
  }
  rt.reset();
  try {
    const work = info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
    const args = [rt.put(convGeometry(info, 0)), rt.input(a), rt.input(b)];
    if (pass !== 'filter') {
      rt.run(WASM_KERNEL[pass], [...args, out.byteOffset], work);
    } else {
      // One partial filter gradient per share, added in share order (see csrc/depthwise.c);
      // shares a single-threaded run leaves unwritten must add nothing.
      const shares = rt.maxShares;
      const partials = rt.alloc(shares * floats);
      rt.view(partials, shares * floats).fill(0);
      rt.run(WASM_KERNEL[pass], [...args, partials], work);
      rt.run('sum_partials', [partials, shares, floats, out.byteOffset], shares * floats);
    }
  } finally {
    rt.reset();
  }
  return out;
}

function geometry(xShape: number[], filterShape: number[], attrs: Attrs): backend_util.Conv2DInfo | undefined {
  const dil = attrs.dilations ?? 1;
  // csrc/depthwise.c gathers at most TAPS_MAX (64) taps per element: filters up to 8x8.
  if (filterShape[3] !== 1 || filterShape[0]! * filterShape[1]! > 64 || (Array.isArray(dil) ? dil[0] !== 1 || dil[1] !== 1 : dil !== 1)) return undefined;
  return backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, true);
}

/** Input names and attribute names of each pass's kernel: its two operands and where its geometry comes from. */
const OPERANDS: Record<Pass, { a: string; b: string; shapes: (a: TensorInfo, b: TensorInfo, attrs: Attrs) => [number[], number[], number[]] }> = {
  // [input shape, filter shape, output shape]
  forward: { a: 'x', b: 'filter', shapes: (x, w) => [x.shape, w.shape, []] },
  input: { a: 'dy', b: 'filter', shapes: (_dy, w, attrs) => [attrs.inputShape!, w.shape, attrs.inputShape!] },
  filter: { a: 'x', b: 'dy', shapes: (x, _dy, attrs) => [x.shape, attrs.filterShape!, attrs.filterShape!] },
};

function passKernel(rt: WasmRuntime, pass: Pass, backendName: string, stock: Stock): KernelConfig {
  const kernelName = KERNEL_OF[pass];
  const { a: aName, b: bName, shapes } = OPERANDS[pass];
  const kernelFunc = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const inputs = args.inputs as Record<string, TensorInfo>;
    const a = inputs[aName]!, b = inputs[bName]!;
    const attrs = args.attrs as unknown as Attrs;
    const av = floatValues(backend, a), bv = floatValues(backend, b);
    const [xShape, wShape, given] = shapes(a, b, attrs);
    const info = geometry(xShape, wShape, attrs);
    if (av === undefined || bv === undefined || info === undefined) return stock(kernelName)(args) as TensorInfo;
    const outShape = pass === 'forward' ? info.outShape : given;
    const out = runPass(rt, pass, info, av, bv, outShape.reduce((p, q) => p * q, 1));
    return out === undefined ? (stock(kernelName)(args) as TensorInfo) : backend.makeTensorInfo(outShape, 'float32', out);
  };
  return { kernelName, backendName, kernelFunc: kernelFunc as KernelFunc };
}

/**
 * Float32 NHWC depthwise convolution (channel multiplier 1, dilation 1: MobileNet's layers) and
 * its two gradients in wasm; other cases go to `stock`, whose kernels index every element through
 * TensorBuffer.get, some 50 times slower at a MobileNetV2 encoder's shapes.
 */
export function depthwiseKernels(rt: WasmRuntime, backendName: string, stock: Stock): KernelConfig[] {
  return (['forward', 'input', 'filter'] as const).map((pass) => passKernel(rt, pass, backendName, stock));
}
