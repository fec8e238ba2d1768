import { Add, Maximum, Minimum, Multiply, RealDiv, SquaredDifference, Sub } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

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

/** Op codes of csrc/elementwise.c. SquaredDifference stays in JS: it rounds the difference to float32 before squaring, tfjs-cpu does not. */
const WASM_OPS: Partial<Record<Op, number>> = { [Add]: 0, [Sub]: 1, [Multiply]: 2, [RealDiv]: 3, [Maximum]: 5, [Minimum]: 6 };
/** Below this many elements the JS loop beats a wasm call. */
const MIN_WASM_ELEMENTS = 16384;

/**
 * out = big op small (small repeating), in wasm f32x4 on every thread when the output can live in
 * the shared memory; inputs that already live there are read in place, others copied once.
 * f32x4 add/sub/mul/div/min/max round exactly as tfjs-cpu's double arithmetic stored to float32.
 */
function compute(rt: WasmRuntime, op: Op, big: Float32Array, small: Float32Array, swap: boolean): Float32Array {
  const out = outputPool.take(big.length);
  const code = WASM_OPS[op];
  if (code === undefined || big.length < MIN_WASM_ELEMENTS || !outputPool.inStore(out)) {
    apply(op, big, small, out, swap);
    return out;
  }
  rt.reset();
  try {
    const a = rt.input(big), b = rt.input(small);
    rt.run('binary', [code, a, b, out.byteOffset, big.length, small.length, swap ? 1 : 0], big.length);
  } finally {
    rt.reset();
  }
  return out;
}

/**
 * Float32 binary elementwise kernels (Add, Sub, Multiply, RealDiv, SquaredDifference, Maximum,
 * Minimum) for equal shapes, scalars and trailing-dimension broadcasts; tfjs-cpu computes a
 * multi-index per element whenever shapes differ. Other dtypes and broadcasts go to `stock`.
 */
export function binaryKernels(rt: WasmRuntime, backendName: string, stock: Stock): KernelConfig[] {
  return OPS.map((op) => ({
    kernelName: op,
    backendName,
    kernelFunc: ((args: Args): TensorInfo => {
      const backend = args.backend as MathBackendCPU;
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const av = floatValues(backend, a), bv = floatValues(backend, b);
      if (av !== undefined && bv !== undefined && av.length > 0 && bv.length > 0) {
        if (av.length >= bv.length && suffixBroadcast(a.shape, b.shape)) {
          return backend.makeTensorInfo(a.shape, 'float32', compute(rt, op, av, bv, false));
        }
        if (bv.length > av.length && suffixBroadcast(b.shape, a.shape)) {
          return backend.makeTensorInfo(b.shape, 'float32', compute(rt, op, bv, av, true));
        }
      }
      return stock(op)(args) as TensorInfo;
    }) as KernelFunc,
  }));
}
