import { backend_util, Equal, Greater, GreaterEqual, Less, LessEqual, LogicalAnd, NotEqual, Select, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;
type Values = Float32Array | Uint8Array;

/** The comparison kernels, by op code of `test`. */
const COMPARISONS = [Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual] as const;

/** Comparison `op` (an index into COMPARISONS): one small function V8 inlines into each loop, its switch predicted per loop. */
function test(op: number, a: number, b: number): boolean {
  switch (op) {
    case 0: return a < b;
    case 1: return a <= b;
    case 2: return a > b;
    case 3: return a >= b;
    case 4: return a === b;
    default: return a !== b;
  }
}

/** out[i] = test(op, a[i or 0], b[i or 0]) ? 1 : 0, one operand possibly of size 1. */
function compare(op: number, a: Values, b: Values, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (a.length === n && b.length === n) for (let i = 0; i < n; i++) out[i] = test(op, a[i]!, b[i]!) ? 1 : 0;
  else if (b.length === 1) { const s = b[0]!; for (let i = 0; i < n; i++) out[i] = test(op, a[i]!, s) ? 1 : 0; }
  else { const s = a[0]!; for (let i = 0; i < n; i++) out[i] = test(op, s, b[i]!) ? 1 : 0; }
  return out;
}

/**
 * Comparisons, LogicalAnd and Select as plain typed-array loops for equal shapes and scalars (the
 * loss's clipping and its gradient: `x <= max`, `x >= min`, their AND, `where`), results equal to
 * tfjs-cpu's. tfjs-cpu takes its general broadcasting path for a scalar operand, which builds index
 * arrays per element (about 80 ns an element, 5-10 ms per 65 K-element call). Other cases go to `stock`.
 */
export function compareKernels(backendName: string, stock: Stock): KernelConfig[] {
  const values = (backend: MathBackendCPU, t: TensorInfo): Values | undefined => {
    const v = backend.data.get(t.dataId).values;
    return v instanceof Float32Array || v instanceof Uint8Array ? v : undefined;
  };
  const configs: KernelConfig[] = COMPARISONS.map((kernelName, op) => ({
    kernelName, backendName,
    kernelFunc: ((args: Args): TensorInfo => {
      const backend = args.backend as MathBackendCPU;
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const av = values(backend, a), bv = values(backend, b);
      const shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const n = util.sizeFromShape(shape);
      if (av === undefined || bv === undefined || a.dtype !== 'float32' || b.dtype !== 'float32' || (av.length !== n && av.length !== 1) || (bv.length !== n && bv.length !== 1)) {
        return stock(kernelName)(args) as TensorInfo;
      }
      return backend.makeTensorInfo(shape, 'bool', compare(op, av, bv, n));
    }) as KernelFunc,
  }));
  configs.push({
    kernelName: LogicalAnd, backendName,
    kernelFunc: ((args: Args): TensorInfo => {
      const backend = args.backend as MathBackendCPU;
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const av = values(backend, a), bv = values(backend, b);
      if (!(av instanceof Uint8Array) || !(bv instanceof Uint8Array) || !util.arraysEqual(a.shape, b.shape)) return stock(LogicalAnd)(args) as TensorInfo;
      const out = new Uint8Array(av.length);
      for (let i = 0; i < av.length; i++) out[i] = av[i]! && bv[i]! ? 1 : 0;
      return backend.makeTensorInfo(a.shape, 'bool', out);
    }) as KernelFunc,
  });
  configs.push({
    kernelName: Select, backendName,
    kernelFunc: ((args: Args): TensorInfo => {
      const backend = args.backend as MathBackendCPU;
      const { condition, t, e } = args.inputs as { condition: TensorInfo; t: TensorInfo; e: TensorInfo };
      const cv = values(backend, condition), tv = values(backend, t), ev = values(backend, e);
      if (!(cv instanceof Uint8Array) || !(tv instanceof Float32Array) || !(ev instanceof Float32Array) ||
        !util.arraysEqual(condition.shape, t.shape) || !util.arraysEqual(t.shape, e.shape)) {
        return stock(Select)(args) as TensorInfo;
      }
      const out = outputPool.take(tv.length);
      for (let i = 0; i < tv.length; i++) out[i] = cv[i] === 1 ? tv[i]! : ev[i]!;
      return backend.makeTensorInfo(t.shape, 'float32', out);
    }) as KernelFunc,
  });
  return configs;
}
