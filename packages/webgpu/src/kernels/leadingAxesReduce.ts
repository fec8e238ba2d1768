/** Sum and Mean over the leading axes (batch-norm statistics and their gradients: [N, H, W, C] -> [C]) without a transpose. */
import { Mean, Sum, util, type KernelConfig, type KernelFunc, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { sumSplits } from './splitKSum.js';
import { stockKernel } from './stockKernel.js';

/** Rows one invocation adds up before writing its partial sum. */
export const ROWS_PER_INVOCATION = 64;

/**
 * Partial column sums of x viewed as [rows, cols]: invocation (c, lane) of workgroup (x, split) adds
 * rows split*rowsPerSplit + lane, + wy, ... of column c, and writes partial[(split*wy + lane), c].
 * Neighbouring invocations read neighbouring columns, so every load is contiguous.
 */
class LeadingAxesSumProgram implements WebGPUProgram {
  variableNames = ['x'];
  uniforms = 'rows : i32, cols : i32, rowsPerSplit : i32,';
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [1], y: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];

  constructor(cols: number, splits: number) {
    this.workgroupSize = sumWorkgroup(cols);
    const wx = this.workgroupSize[0];
    this.outputShape = [splits * this.workgroupSize[1], cols];
    this.dispatch = [Math.ceil(cols / wx), splits, 1];
    this.shaderKey = `maskflowLeadingAxesSum_${wx}`;
  }

  getUserCode(): string {
    const wy = this.workgroupSize[1];
    return `
    fn main() {
      let c = i32(globalId.x);
      let lane = i32(localId.y);
      let split = i32(workgroupId.y);
      if (c < uniforms.cols) {
        let begin = split * uniforms.rowsPerSplit;
        let end = min(uniforms.rows, begin + uniforms.rowsPerSplit);
        var sum = 0.0;
        for (var r = begin + lane; r < end; r = r + ${wy}) {
          sum = sum + x[r * uniforms.cols + c];
        }
        result[(split * ${wy} + lane) * uniforms.cols + c] = sum;
      }
    }`;
  }
}

/** [columns, row lanes, 1] of 64 invocations: as many columns as the row is wide, up to 64. */
export function sumWorkgroup(cols: number): [number, number, number] {
  const wx = Math.min(64, 2 ** Math.ceil(Math.log2(cols)));
  return [wx, 64 / wx, 1];
}

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
    const lanes = sumWorkgroup(cols)[1];
    const splits = Math.max(1, Math.ceil(rows / (lanes * ROWS_PER_INVOCATION)));
    const rowsPerSplit = Math.ceil(rows / splits);
    const partials = backend.runWebGPUProgram(new LeadingAxesSumProgram(cols, Math.ceil(rows / rowsPerSplit)), [x], 'float32', [
      { type: 'int32', data: [rows] },
      { type: 'int32', data: [cols] },
      { type: 'int32', data: [rowsPerSplit] },
    ]);
    return sumSplits(backend, partials, outShape, kind === Mean ? 1 / rows : 1);
  };
}

/** Sum for 'maskflow-webgpu': float32 over leading axes here, anything else to the stock kernel. */
export const sumConfig: KernelConfig = { kernelName: Sum, backendName: 'maskflow-webgpu', kernelFunc: reduceLeading(Sum) };
/** Mean for 'maskflow-webgpu': float32 over leading axes here, anything else to the stock kernel. */
export const meanConfig: KernelConfig = { kernelName: Mean, backendName: 'maskflow-webgpu', kernelFunc: reduceLeading(Mean) };
