/**
 * Per-column partial accumulations over the leading axes of [..., C] data viewed as [rows, C],
 * split across workgroups: the first pass of Sum/Mean over leading axes and of the batch-norm
 * kernels. Each says what one invocation accumulates (a sum for Sum; sums of dy and dy * (x - mean)
 * for the gradients; count, mean and M2 for the statistics); the grid, the row walk and the layout
 * of the partials are shared.
 */
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/** Rows one invocation accumulates before writing its partial. */
const ROWS_PER_INVOCATION = 64;

/** [columns, row lanes, 1] of 64 invocations: as many columns as the row is wide, up to 64. */
function sumWorkgroup(cols: number): [number, number, number] {
  const wx = Math.min(64, 2 ** Math.ceil(Math.log2(cols)));
  return [wx, 64 / wx, 1];
}

/** What one invocation accumulates down its column: WGSL with `c` (column), `i` (element) and `r` (row) in scope. */
export interface ColumnAccumulation {
  /** Shader-key prefix, one per distinct accumulation. */
  key: string;
  /** Input tensors, as the WGSL names them; the first is the [..., C] data that sets rows and columns. */
  variableNames: string[];
  /** Declares the accumulators (runs once per invocation, before the rows). */
  init: string;
  /** Adds element `i` of row `r` into the accumulators. */
  row: string;
  /** The accumulators stored, in order: value k of column c at partial column k * cols + c. */
  values: string[];
}

/**
 * Partials [splits * lanes, values * cols]: invocation (c, lane) of workgroup (x, split) walks rows
 * split*rowsPerSplit + lane, + wy, ... of column c; neighbouring invocations read neighbouring
 * columns, so every load is contiguous.
 */
class ColumnPartialsProgram implements WebGPUProgram {
  variableNames: string[];
  uniforms = 'rows : i32, cols : i32, rowsPerSplit : i32,';
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [1], y: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];

  constructor(
    readonly acc: ColumnAccumulation,
    cols: number,
    splits: number,
  ) {
    this.variableNames = acc.variableNames;
    this.workgroupSize = sumWorkgroup(cols);
    const [wx, wy] = this.workgroupSize;
    this.outputShape = [splits * wy, acc.values.length * cols];
    this.dispatch = [Math.ceil(cols / wx), splits, 1];
    this.shaderKey = `${acc.key}_${wx}`;
  }

  getUserCode(): string {
    const wy = this.workgroupSize[1];
    const k = this.acc.values.length;
    const stores = this.acc.values.map((v, j) => `result[row + ${j} * uniforms.cols + c] = ${v};`).join('\n        ');
    return `
    fn main() {
      let c = i32(globalId.x);
      let lane = i32(localId.y);
      let split = i32(workgroupId.y);
      if (c < uniforms.cols) {
        ${this.acc.init}
        let begin = split * uniforms.rowsPerSplit;
        let end = min(uniforms.rows, begin + uniforms.rowsPerSplit);
        for (var r = begin + lane; r < end; r = r + ${wy}) {
          let i = r * uniforms.cols + c;
          ${this.acc.row}
        }
        let row = (split * ${wy} + lane) * ${k} * uniforms.cols;
        ${stores}
      }
    }`;
  }
}

/**
 * Run `acc` over `inputs` (the first one [..., cols]) and return its partials
 * [partialRows, values * cols]. CAUTION: the caller owns the partials and disposes them once its
 * finalize pass is recorded (disposeData defers the release until the queue has read them).
 */
export function columnPartials(backend: WebGPUBackend, acc: ColumnAccumulation, inputs: TensorInfo[], cols: number): TensorInfo {
  const rows = util.sizeFromShape(inputs[0]!.shape) / cols;
  const lanes = sumWorkgroup(cols)[1];
  const splits = Math.max(1, Math.ceil(rows / (lanes * ROWS_PER_INVOCATION)));
  const rowsPerSplit = Math.max(1, Math.ceil(rows / splits));
  return backend.runWebGPUProgram(new ColumnPartialsProgram(acc, cols, splits), inputs, 'float32', [
    { type: 'int32', data: [rows] },
    { type: 'int32', data: [cols] },
    { type: 'int32', data: [rowsPerSplit] },
  ]);
}
