import { backend_util, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, FusedConv2D, util } from '@tensorflow/tfjs-core';
import type {
  Conv2DAttrs, Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs, FusedConv2DAttrs, KernelConfig, KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { convBackpropFilter } from './convBackpropFilter.js';
import { convBackpropInput } from './convBackpropInput.js';
import { convForward } from './convForward.js';
import { isFastConv } from './convGeometry.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

/** Fused activations applied in place after the GEMM; others (prelu, elu) go to the stock kernel. */
const ACTIVATIONS: Record<string, ((v: Float32Array, alpha: number) => void) | undefined> = {
  linear: () => undefined,
  relu: (v) => { for (let i = 0; i < v.length; i++) if (!(v[i]! > 0)) v[i] = 0; },
  relu6: (v) => { for (let i = 0; i < v.length; i++) v[i] = Math.min(Math.max(v[i]!, 0), 6); },
  sigmoid: (v) => { for (let i = 0; i < v.length; i++) v[i] = 1 / (1 + Math.exp(-v[i]!)); },
  leakyrelu: (v, alpha) => { for (let i = 0; i < v.length; i++) if (v[i]! < 0) v[i] = alpha * v[i]!; },
};

/**
 * Kernel configs for 'maskflow-cpu' replacing Conv2D, FusedConv2D, Conv2DBackpropInput and
 * Conv2DBackpropFilter (conv2dTranspose and its gradients run through these too). Each hands any
 * case it does not cover (NCHW, non-float32, oversized, other activations) to `stock(kernelName)`.
 */
export function convKernels(rt: WasmRuntime, backendName: string, stock: Stock): KernelConfig[] {
  const conv2d = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const a = args.attrs as unknown as Conv2DAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filter.shape as [number, number, number, number], a.strides, a.dilations,
      a.pad, a.dimRoundingMode, false, backend_util.convertConv2DDataFormat(a.dataFormat));
    const xv = floatValues(backend, x), fv = floatValues(backend, filter);
    if (!isFastConv(info) || xv === undefined || fv === undefined) return stock(Conv2D)(args) as TensorInfo;
    return backend.makeTensorInfo(info.outShape, 'float32', convForward(rt, xv, fv, info));
  };

  const fusedConv2d = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const a = args.attrs as unknown as FusedConv2DAttrs;
    const activate = ACTIVATIONS[a.activation ?? 'linear'];
    const info = backend_util.computeConv2DInfo(
      x!.shape as [number, number, number, number], filter!.shape as [number, number, number, number], a.strides, a.dilations,
      a.pad, a.dimRoundingMode, false, backend_util.convertConv2DDataFormat(a.dataFormat));
    const xv = floatValues(backend, x!), fv = floatValues(backend, filter!);
    const bv = bias === undefined ? undefined : floatValues(backend, bias);
    const biasOk = bias === undefined || (bv !== undefined && util.sizeFromShape(bias.shape) === info.outChannels && bias.shape.length <= 1);
    if (!isFastConv(info) || xv === undefined || fv === undefined || !biasOk || activate === undefined || preluActivationWeights !== undefined) {
      return stock(FusedConv2D)(args) as TensorInfo;
    }
    const out = convForward(rt, xv, fv, info, bv);
    activate(out, a.leakyreluAlpha ?? 0.2);
    return backend.makeTensorInfo(info.outShape, 'float32', out);
  };

  const backpropInput = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const info = backend_util.computeConv2DInfo(
      a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode, false,
      backend_util.convertConv2DDataFormat(a.dataFormat));
    const dv = floatValues(backend, dy), fv = floatValues(backend, filter);
    if (!isFastConv(info) || dv === undefined || fv === undefined) return stock(Conv2DBackpropInput)(args) as TensorInfo;
    return backend.makeTensorInfo(info.inShape, 'float32', convBackpropInput(rt, dv, fv, info));
  };

  const backpropFilter = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const a = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false,
      backend_util.convertConv2DDataFormat(a.dataFormat));
    const xv = floatValues(backend, x), dv = floatValues(backend, dy);
    if (!isFastConv(info) || xv === undefined || dv === undefined) return stock(Conv2DBackpropFilter)(args) as TensorInfo;
    return backend.makeTensorInfo(info.filterShape, 'float32', convBackpropFilter(rt, xv, dv, info));
  };

  const config = (kernelName: string, kernelFunc: (args: Args) => TensorInfo): KernelConfig =>
    ({ kernelName, backendName, kernelFunc: kernelFunc as KernelFunc });
  return [
    config(Conv2D, conv2d),
    config(FusedConv2D, fusedConv2d),
    config(Conv2DBackpropInput, backpropInput),
    config(Conv2DBackpropFilter, backpropFilter),
  ];
}
