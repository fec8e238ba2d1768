import { Add, Maximum, Minimum, Multiply, RealDiv, SquaredDifference, Sub } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

const OPS = [Add, Sub, Multiply, RealDiv, SquaredDifference, Maximum, Minimum] as const;
type Op = (typeof OPS)[number];

/**
 * How the smaller operand lines up with the larger: its shape (left-padded with 1s) is all 1s then
 * the larger one's trailing dimensions, so element i of the larger meets element i % size of the
 * smaller. Covers equal shapes, scalars and per-channel vectors ([C], [1,1,1,C]) against NHWC.
 */
function suffixBroadcast(big: number[], small: number[]): boolean {
  const lead = big.length - small.length;
  if (lead < 0) return false;
  let i = 0;
  while (i < small.length && small[i] === 1) i++;
  for (; i < small.length; i++) if (small[i] !== big[lead + i]) return false;
  return true;
}

/**
 * out[i] = big[i] op small[j] with j = i mod small.length (`swap`: small[j] op big[i]). One plain
 * loop per op, with a wrapping counter instead of a modulo, so V8 compiles each to a tight loop.
 */
function apply(op: Op, big: Float32Array, small: Float32Array, out: Float32Array, swap: boolean): void {
  const n = big.length, m = small.length;
  let j = 0;
  switch (op) {
    case Add:
      for (let i = 0; i < n; i++) { out[i] = big[i]! + small[j]!; if (++j === m) j = 0; }
      break;
    case Multiply:
      for (let i = 0; i < n; i++) { out[i] = big[i]! * small[j]!; if (++j === m) j = 0; }
      break;
    case SquaredDifference:
      for (let i = 0; i < n; i++) { const d = big[i]! - small[j]!; out[i] = d * d; if (++j === m) j = 0; }
      break;
    case Maximum:
      for (let i = 0; i < n; i++) { out[i] = Math.max(big[i]!, small[j]!); if (++j === m) j = 0; }
      break;
    case Minimum:
      for (let i = 0; i < n; i++) { out[i] = Math.min(big[i]!, small[j]!); if (++j === m) j = 0; }
      break;
    case Sub:
      if (swap) for (let i = 0; i < n; i++) { out[i] = small[j]! - big[i]!; if (++j === m) j = 0; }
      else for (let i = 0; i < n; i++) { out[i] = big[i]! - small[j]!; if (++j === m) j = 0; }
      break;
    case RealDiv:
      if (swap) for (let i = 0; i < n; i++) { out[i] = small[j]! / big[i]!; if (++j === m) j = 0; }
      else for (let i = 0; i < n; i++) { out[i] = big[i]! / small[j]!; if (++j === m) j = 0; }
      break;
  }
}

/**
 * Float32 binary elementwise kernels (Add, Sub, Multiply, RealDiv, SquaredDifference, Maximum,
 * Minimum) for equal shapes, scalars and trailing-dimension broadcasts; tfjs-cpu computes a
 * multi-index per element whenever shapes differ. Other dtypes and broadcasts go to `stock`.
 */
export function binaryKernels(backendName: string, stock: Stock): KernelConfig[] {
  return OPS.map((op) => ({
    kernelName: op,
    backendName,
    kernelFunc: ((args: Args): TensorInfo => {
      const backend = args.backend as MathBackendCPU;
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const av = floatValues(backend, a), bv = floatValues(backend, b);
      if (av !== undefined && bv !== undefined && av.length > 0 && bv.length > 0) {
        if (av.length >= bv.length && suffixBroadcast(a.shape, b.shape)) {
          const out = outputPool.take(av.length);
          apply(op, av, bv, out, false);
          return backend.makeTensorInfo(a.shape, 'float32', out);
        }
        if (bv.length > av.length && suffixBroadcast(b.shape, a.shape)) {
          const out = outputPool.take(bv.length);
          apply(op, bv, av, out, true);
          return backend.makeTensorInfo(b.shape, 'float32', out);
        }
      }
      return stock(op)(args) as TensorInfo;
    }) as KernelFunc,
  }));
}
