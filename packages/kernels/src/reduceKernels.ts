import { backend_util, Mean, Sum, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

/**
 * Sums of x viewed as rows x cols over its leading axes (`leading`: one sum per column) or its
 * trailing axes (one sum per row), in float64 and in the order tfjs-cpu adds them, without the
 * transpose tfjs-cpu makes first.
 */
export function reduceSum(x: Float32Array, rows: number, cols: number, leading: boolean): Float64Array {
  if (!leading) {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = r * cols, end = c + cols; c < end; c++) s += x[c]!;
      out[r] = s;
    }
    return out;
  }
  // One flat loop with a wrapping column counter: NHWC channel counts are small (8..64), where a
  // nested loop spends more time on loop control than on the adds.
  const out = new Float64Array(cols);
  for (let i = 0, c = 0, n = rows * cols; i < n; i++) {
    out[c] = out[c]! + x[i]!;
    if (++c === cols) c = 0;
  }
  return out;
}

const MIN_WASM_ELEMENTS = 16384;

/**
 * reduceSum in wasm on every thread: row sums directly, column sums as per-share partials
 * (float64) added here in share order. A different order than tfjs-cpu's for column sums, but in
 * float64, so the float32 results agree except in rare last-bit ties.
 */
export function reduceSumWasm(rt: WasmRuntime, x: Float32Array, rows: number, cols: number, leading: boolean): Float64Array {
  rt.reset();
  try {
    const xPtr = rt.input(x);
    if (!leading) {
      const sums = rt.alloc(rows * 2);
      rt.run('row_sums', [xPtr, rows, cols, sums], rows * cols);
      return new Float64Array(rt.view(sums, rows * 2).buffer, sums, rows).slice();
    }
    const shares = rt.maxShares;
    const partial = rt.alloc(shares * cols * 2);
    const view = new Float64Array(rt.view(partial, shares * cols * 2).buffer, partial, shares * cols);
    view.fill(0); // shares a single-threaded run leaves unwritten must add nothing
    rt.run('col_sums', [xPtr, rows, cols, partial], rows * cols);
    const out = new Float64Array(cols);
    for (let s = 0; s < shares; s++) for (let c = 0; c < cols; c++) out[c] = out[c]! + view[s * cols + c]!;
    return out;
  } finally {
    rt.reset();
  }
}

/** Float32 Sum and Mean over a contiguous block of leading or trailing axes; other cases go to `stock`. */
export function reduceKernels(rt: WasmRuntime, backendName: string, stock: Stock): KernelConfig[] {
  const make = (kernelName: typeof Sum | typeof Mean): KernelConfig => ({
    kernelName,
    backendName,
    kernelFunc: ((args: Args): TensorInfo => {
      const backend = args.backend as MathBackendCPU;
      const { x } = args.inputs as { x: TensorInfo };
      const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
      const xv = floatValues(backend, x);
      const axes = util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
      const rank = x.shape.length;
      const contiguous = axes.every((a, i) => i === 0 || a === axes[i - 1]! + 1);
      const leading = axes[0] === 0, trailing = axes[axes.length - 1] === rank - 1;
      if (xv === undefined || xv.length === 0 || axes.length === 0 || !contiguous || !(leading || trailing)) {
        return stock(kernelName)(args) as TensorInfo;
      }
      const [outShape, reduceShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
      const reduceSize = util.sizeFromShape(reduceShape);
      const useLeading = !trailing;
      const rows = useLeading ? reduceSize : xv.length / reduceSize, cols = xv.length / rows;
      const sums = xv.length >= MIN_WASM_ELEMENTS ? reduceSumWasm(rt, xv, rows, cols, useLeading) : reduceSum(xv, rows, cols, useLeading);
      const out = outputPool.take(sums.length);
      // Mean divides the float32 sum, as tfjs-cpu's Mean (a Sum then a RealDiv) does.
      if (kernelName === Mean) for (let i = 0; i < out.length; i++) out[i] = Math.fround(sums[i]!) / reduceSize;
      else out.set(sums);
      const shape = keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
      return backend.makeTensorInfo(shape, 'float32', out);
    }) as KernelFunc,
  });
  return [make(Sum), make(Mean)];
}
