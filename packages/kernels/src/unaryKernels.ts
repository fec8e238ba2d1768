import { Log, Neg, Relu, Rsqrt, Sigmoid, Sqrt, Square, Step } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

const OPS = [Relu, Step, Sqrt, Rsqrt, Square, Neg, Sigmoid, Log] as const;
type Op = (typeof OPS)[number];

/** out = op(x) with tfjs-cpu's formulas (NaN stays NaN), one plain loop per op instead of a callback per element. */
function apply(op: Op, x: Float32Array, out: Float32Array, alpha: number): void {
  const n = x.length;
  switch (op) {
    case Relu: for (let i = 0; i < n; i++) out[i] = Math.max(0, x[i]!); break;
    case Step: for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = Number.isNaN(v) ? v : v > 0 ? 1 : alpha; } break;
    case Sqrt: for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); break;
    case Rsqrt: for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!); break;
    case Square: for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v * v; } break;
    case Neg: for (let i = 0; i < n; i++) out[i] = -1 * x[i]!; break;
    case Sigmoid: for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!)); break;
    case Log: for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!); break;
  }
}

/** Op codes of csrc/elementwise.c's unary(); Rsqrt, Sigmoid and Log stay in JS (no single-rounding f32x4 form). */
const WASM_OPS: Partial<Record<Op, number>> = { [Relu]: 0, [Step]: 1, [Sqrt]: 2, [Square]: 3, [Neg]: 4 };
const MIN_WASM_ELEMENTS = 16384;
const bits = new Int32Array(1);
const bitsAsFloat = new Float32Array(bits.buffer);

/** out = op(x) in wasm f32x4 on every thread when the output lives in the shared memory, else in JS. */
function compute(rt: WasmRuntime, op: Op, x: Float32Array, alpha: number): Float32Array {
  const out = outputPool.take(x.length);
  const code = WASM_OPS[op];
  if (code === undefined || x.length < MIN_WASM_ELEMENTS || !outputPool.inStore(out)) {
    apply(op, x, out, alpha);
    return out;
  }
  bitsAsFloat[0] = alpha;
  rt.reset();
  try {
    rt.run('unary', [code, rt.input(x), out.byteOffset, x.length, bits[0]!], x.length);
  } finally {
    rt.reset();
  }
  return out;
}

/** Float32 Relu, Step (ReLU's gradient), Sqrt, Rsqrt, Square, Neg, Sigmoid and Log (the loss' cross-entropy); other dtypes go to `stock`. */
export function unaryKernels(rt: WasmRuntime, backendName: string, stock: Stock): KernelConfig[] {
  return OPS.map((op) => ({
    kernelName: op,
    backendName,
    kernelFunc: ((args: Args): TensorInfo => {
      const backend = args.backend as MathBackendCPU;
      const { x } = args.inputs as { x: TensorInfo };
      const xv = floatValues(backend, x);
      if (xv === undefined) return stock(op)(args) as TensorInfo;
      const alpha = (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0;
      return backend.makeTensorInfo(x.shape, 'float32', compute(rt, op, xv, alpha));
    }) as KernelFunc,
  }));
}
