import { Neg, Relu, Rsqrt, Sigmoid, Sqrt, Square, Step } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

const OPS = [Relu, Step, Sqrt, Rsqrt, Square, Neg, Sigmoid] as const;
type Op = (typeof OPS)[number];

/** out = op(x) with tfjs-cpu's formulas (NaN stays NaN), one plain loop per op instead of a callback per element. */
function apply(op: Op, x: Float32Array, out: Float32Array, alpha: number): void {
  const n = x.length;
  switch (op) {
    case Relu: for (let i = 0; i < n; i++) out[i] = Math.max(0, x[i]!); break;
    case Step: for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v !== v ? v : v > 0 ? 1 : alpha; } break;
    case Sqrt: for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); break;
    case Rsqrt: for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!); break;
    case Square: for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v * v; } break;
    case Neg: for (let i = 0; i < n; i++) out[i] = -1 * x[i]!; break;
    case Sigmoid: for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!)); break;
  }
}

/** Float32 Relu, Step (ReLU's gradient), Sqrt, Rsqrt, Square, Neg and Sigmoid; other dtypes go to `stock`. */
export function unaryKernels(backendName: string, stock: Stock): KernelConfig[] {
  return OPS.map((op) => ({
    kernelName: op,
    backendName,
    kernelFunc: ((args: Args): TensorInfo => {
      const backend = args.backend as MathBackendCPU;
      const { x } = args.inputs as { x: TensorInfo };
      const xv = floatValues(backend, x);
      if (xv === undefined) return stock(op)(args) as TensorInfo;
      const out = outputPool.take(xv.length);
      apply(op, xv, out, (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0);
      return backend.makeTensorInfo(x.shape, 'float32', out);
    }) as KernelFunc,
  }));
}
