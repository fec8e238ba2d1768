/** Which program a conv-gradient call runs on a backend: what bench:kernels prints next to each row. */
import { backend_util, Conv2DBackpropFilter, Conv2DBackpropInput, type DataType } from '@tensorflow/tfjs-core';
import { coversBackpropFilter } from './conv2dBackpropFilter.js';
import { coversBackpropInput, isTranspose2x2 } from './conv2dBackpropInput.js';
import { variantFor } from './kernelVariant.js';

/** Shapes and attributes of one Conv2DBackpropFilter ({x, dy, filterShape}) or Conv2DBackpropInput ({dy, filter, inputShape}) call. */
export interface ConvGradientCall {
  kernelName: string;
  x?: number[];
  dy: number[];
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
  throw new Error(`convGradientPlan: expected a Conv2DBackpropFilter call with x and filterShape or a Conv2DBackpropInput call with filter and inputShape, received ${call.kernelName}`);
}
