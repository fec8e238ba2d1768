import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { kernelFailure } from './errors.js';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import { f32bits, type WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];

/** Name of the fused Adam kernel registered for maskflow-cpu (inputs x, g, m, v; outputs x', m', v'). */
export const ADAM_KERNEL = 'MaskflowAdam';

/** Attributes of {@link ADAM_KERNEL}: the float32 scalars tfjs' Adam multiplies by, and the bias corrections 1 - beta^t. */
export interface AdamAttrs {
  beta1: number;
  beta2: number;
  learningRate: number;
  epsilon: number;
  /** 1 - beta1^t and 1 - beta2^t, as tfjs computes them (float32). */
  correction1: number;
  correction2: number;
}

/** Below this many elements one JS loop beats a wasm call. */
const MIN_WASM_ELEMENTS = 16384;

/** The JS form of csrc/adam.c, each operation rounded to float32 as tfjs-cpu rounds each kernel's output. */
function adamJs(x: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, ox: Float32Array, om: Float32Array, ov: Float32Array, s: number[]): void {
  const f = Math.fround;
  const [b1, omb1, b2, omb2, c1, c2, neglr, eps] = s as [number, number, number, number, number, number, number, number];
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const nm = f(f(m[i]! * b1) + f(gi * omb1));
    const nv = f(f(v[i]! * b2) + f(f(gi * gi) * omb2));
    om[i] = nm;
    ov[i] = nv;
    ox[i] = f(f(f(f(nm / c1) / f(f(Math.sqrt(f(nv / c2))) + eps)) * neglr) + x[i]!);
  }
}

/**
 * One pass of Adam over a variable instead of tfjs' 13 elementwise kernels (5 Multiply, 3 Add,
 * 3 RealDiv, Square, Sqrt): wasm f32x4 on every thread from 16 K elements, else a JS loop; both
 * bit-identical to tfjs-core's AdamOptimizer on tfjs-cpu. Used by FusedAdamOptimizer.
 */
export function adamKernel(rt: WasmRuntime, backendName: string): KernelConfig {
  const kernelFunc = (args: Args): TensorInfo[] => {
    const backend = args.backend as MathBackendCPU;
    const { x, g, m, v } = args.inputs as Record<string, TensorInfo>;
    const a = args.attrs as unknown as AdamAttrs;
    const values = [x!, g!, m!, v!].map((t) => floatValues(backend, t));
    const n = values[0]?.length ?? 0;
    if (values.some((vals) => vals === undefined || vals.length !== n)) {
      throw kernelFailure(ADAM_KERNEL, 'expected four float32 tensors of one shape (variable, gradient, first and second moment)');
    }
    const [xv, gv, mv, vv] = values as Float32Array[];
    const f = Math.fround;
    const scalars = [f(a.beta1), f(1 - a.beta1), f(a.beta2), f(1 - a.beta2), f(a.correction1), f(a.correction2), f(-a.learningRate), f(a.epsilon)];
    const ox = outputPool.take(n), om = outputPool.take(n), ov = outputPool.take(n);
    const inStore = outputPool.inStore(ox) && outputPool.inStore(om) && outputPool.inStore(ov);
    const wasm = n >= MIN_WASM_ELEMENTS && inStore && rt.withScratch(() => {
      const ptrs = [rt.input(xv!), rt.input(gv!), rt.input(mv!), rt.input(vv!), ox.byteOffset, om.byteOffset, ov.byteOffset];
      rt.run('adam', [...ptrs, n, ...scalars.map(f32bits)], n);
    });
    if (!wasm) adamJs(xv!, gv!, mv!, vv!, ox, om, ov, scalars);
    return [ox, om, ov].map((out) => backend.makeTensorInfo(x!.shape, 'float32', out));
  };
  return { kernelName: ADAM_KERNEL, backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}
