/** Sum and Mean over the leading axes (batch-norm statistics and their gradients: [N, H, W, C] -> [C]) without a transpose. */
import { Mean, Sum, util, type KernelConfig, type KernelFunc, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { columnPartials, type ColumnAccumulation } from './columnPartials.js';
import { sumSplits } from './splitKSum.js';
import { stockKernel } from './stockKernel.js';

/** A column sum: the one accumulation Sum and Mean need. */
const SUM: ColumnAccumulation = {
  key: 'maskflowLeadingAxesSum',
  variableNames: ['x'],
  init: 'var sum = 0.0;',
  row: 'sum = sum + x[i];',
  values: ['sum'],
};

/** Leading-axes count k when `axis` is exactly [0, ..., k-1] with k < rank, else 0. */
export function leadingAxes(shape: readonly number[], axis: number | number[]): number {
  const axes = [...util.parseAxisParam(axis, [...shape])].sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < shape.length && axes.every((a, i) => a === i);
  return leading ? axes.length : 0;
}

function reduceLeading(kind: typeof Sum | typeof Mean): KernelFunc {
  return (args) => {
    const { x } = args.inputs as unknown as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    const k = leadingAxes(x.shape, axis);
    if (x.dtype !== 'float32' || k === 0) return stockKernel(kind)(args);
    const backend = args.backend as WebGPUBackend;
    const rows = util.sizeFromShape(x.shape.slice(0, k));
    const cols = util.sizeFromShape(x.shape.slice(k));
    const outShape = keepDims ? [...x.shape.map((d, i) => (i < k ? 1 : d))] : x.shape.slice(k);
    if (rows === 0 || cols === 0) return stockKernel(kind)(args);
    const partials = columnPartials(backend, SUM, [x], cols);
    return sumSplits(backend, partials, outShape, kind === Mean ? 1 / rows : 1);
  };
}

/** Sum for 'maskflow-webgpu': float32 over leading axes here, anything else to the stock kernel. */
export const sumConfig: KernelConfig = { kernelName: Sum, backendName: 'maskflow-webgpu', kernelFunc: reduceLeading(Sum) };
/** Mean for 'maskflow-webgpu': float32 over leading axes here, anything else to the stock kernel. */
export const meanConfig: KernelConfig = { kernelName: Mean, backendName: 'maskflow-webgpu', kernelFunc: reduceLeading(Mean) };
