/** Which program a conv-gradient call runs on a backend: what bench:kernels prints next to each row. */
import { backend_util, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, FusedConv2D, type DataType } from '@tensorflow/tfjs-core';
import { coversBackpropFilter } from './conv2dBackpropFilter.js';
import { coversBackpropInput, isTranspose2x2 } from './conv2dBackpropInput.js';
import { coversConv2d } from './conv2dForward.js';
import { variantFor } from './kernelVariant.js';

/** Shapes and attributes of one Conv2DBackpropFilter ({x, dy, filterShape}), Conv2DBackpropInput ({dy, filter, inputShape}) or (Fused)Conv2D ({x, filter, bias?, activation?}) call. */
export interface ConvGradientCall {
  kernelName: string;
  x?: number[];
  dy?: number[];
  bias?: number[];
  activation?: string;
  filter?: number[];
  filterShape?: number[];
  inputShape?: number[];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
  dtype?: DataType;
}

/**
 * 'stock' when the call goes to tfjs-backend-webgpu's kernel, else the program family
 * ('tiled' or 'blocked', see variantFor) and, for the 2x2 stride-2 transpose, '2x2 matmul'.
 */
export function convGradientPlan(call: ConvGradientCall, backend: object): string {
  const variant = variantFor(backend);
  const dtype = call.dtype ?? 'float32';
  if (call.kernelName === Conv2DBackpropFilter && call.x !== undefined && call.filterShape !== undefined) {
    const info = backend_util.computeConv2DInfo(call.x as [number, number, number, number], call.filterShape as [number, number, number, number], call.strides, 1, call.pad);
    return coversBackpropFilter(info, dtype, variant) ? `${variant} split-K` : 'stock';
  }
  if (call.kernelName === Conv2DBackpropInput && call.inputShape !== undefined && call.filter !== undefined) {
    const info = backend_util.computeConv2DInfo(call.inputShape as [number, number, number, number], call.filter as [number, number, number, number], call.strides, 1, call.pad);
    if (!coversBackpropInput(info, dtype)) return 'stock';
    return isTranspose2x2(info) ? `${variant} 2x2 matmul` : variant;
  }
  if ((call.kernelName === Conv2D || call.kernelName === FusedConv2D) && call.x !== undefined && call.filter !== undefined) {
    const info = backend_util.computeConv2DInfo(call.x as [number, number, number, number], call.filter as [number, number, number, number], call.strides, 1, call.pad);
    const tensor = (shape: number[]): { shape: number[]; dtype: DataType } => ({ shape, dtype });
    const inputs = { x: tensor(call.x), filter: tensor(call.filter), bias: call.bias === undefined ? undefined : tensor(call.bias) };
    return coversConv2d(backend, info, inputs as Parameters<typeof coversConv2d>[2], call.activation ?? 'linear') ? 'blocked' : 'stock';
  }
  throw new Error(`convGradientPlan: expected a Conv2DBackpropFilter call with x and filterShape a Conv2DBackpropInput call with filter and inputShape or a (Fused)Conv2D call with x and filter, received ${call.kernelName}`);
}
