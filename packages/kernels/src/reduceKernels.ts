import { backend_util, Mean, Sum, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

/**
 * Sums of x viewed as rows x cols over its leading axes (`leading`: one sum per column) or its
 * trailing axes (one sum per row), in float64 and in the order tfjs-cpu adds them, without the
 * transpose tfjs-cpu makes first.
 */
function reduceSum(x: Float32Array, rows: number, cols: number, leading: boolean): Float64Array {
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

/** Float32 Sum and Mean over a contiguous block of leading or trailing axes; other cases go to `stock`. */
export function reduceKernels(backendName: string, stock: Stock): KernelConfig[] {
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
      const sums = useLeading
        ? reduceSum(xv, reduceSize, xv.length / reduceSize, true)
        : reduceSum(xv, xv.length / reduceSize, reduceSize, false);
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
