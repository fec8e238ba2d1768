/**
 * A batch-norm layer's moving-average updates as one kernel call. tfjs-layers updates each moving
 * statistic with three [C] kernels, v - (v - value) * (1 - momentum); a U-Net's 27 layers ran 162
 * of them a training step, each with the engine's per-call bookkeeping (and tape entries, since
 * the update runs inside the gradient tape). Here: one call per layer for both statistics.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import { f32bits, type WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];

/** Inputs moving0, value0, moving1, value1, ... ([C] float32 each, pairs of equal size); attribute momentum; one output per pair. */
export const MOVING_AVERAGES_KERNEL = 'MaskflowMovingAverages';

/** Below this many elements one JS loop beats a wasm call. */
const MIN_WASM_ELEMENTS = 16384;

/**
 * maskflow-cpu's kernel: out = v - (v - value) * (1 - momentum) per pair, every intermediate
 * rounded to float32 as tfjs-cpu's three kernels round it (so the statistics are bit-identical).
 * Pairs from 16 K elements whose output lives in the shared memory run csrc/moving_average.c on
 * every thread (a weight average's conv kernels: 25 ms a step in JS for a 2-million-weight U-Net).
 */
export function movingAveragesKernel(rt: WasmRuntime, backendName: string): KernelConfig {
  return {
    kernelName: MOVING_AVERAGES_KERNEL,
    backendName,
    kernelFunc: ((args: Args): TensorInfo[] => {
      const backend = args.backend as MathBackendCPU;
      const { momentum } = args.attrs as unknown as { momentum: number };
      const inputs = args.inputs as Record<string, TensorInfo>;
      const decay = Math.fround(1 - momentum);
      const outs: TensorInfo[] = [];
      for (let i = 0; inputs[`moving${i}`] !== undefined; i++) {
        const moving = inputs[`moving${i}`]!;
        const v = floatValues(backend, moving), x = floatValues(backend, inputs[`value${i}`]!);
        if (v === undefined || x === undefined || v.length !== x.length) throw new TypeError(`${MOVING_AVERAGES_KERNEL}: pair ${i} is not two float32 tensors of one size`);
        const n = v.length;
        const out = outputPool.take(n);
        const wasm = n >= MIN_WASM_ELEMENTS && outputPool.inStore(out) && rt.withScratch(() => {
          rt.run('moving_average', [rt.input(v), rt.input(x), out.byteOffset, n, f32bits(decay)], n);
        });
        if (!wasm) for (let k = 0; k < n; k++) out[k] = v[k]! - Math.fround(Math.fround(v[k]! - x[k]!) * decay);
        outs.push(backend.makeTensorInfo(moving.shape, 'float32', out));
      }
      return outs;
    }) as KernelFunc,
  };
}

/**
 * The updated moving statistics `moving - (moving - value) * (1 - momentum)` of each pair, in one
 * MOVING_AVERAGES_KERNEL call where the active backend registers it and every tensor is float32
 * with matching sizes; composed from tf.sub and tf.mul (as tfjs-layers does) otherwise. The
 * caller owns the returned tensors.
 */
export function movingAverages(pairs: readonly (readonly [tf.Tensor, tf.Tensor])[], momentum: number): tf.Tensor[] {
  const fits = pairs.every(([m, v]) => m.dtype === 'float32' && v.dtype === 'float32' && m.size === v.size);
  if (fits && pairs.length > 0 && tf.getKernel(MOVING_AVERAGES_KERNEL, tf.getBackend()) !== undefined) {
    const inputs = Object.fromEntries(pairs.flatMap(([m, v], i) => [[`moving${i}`, m], [`value${i}`, v]]));
    return tf.engine().runKernel(MOVING_AVERAGES_KERNEL, inputs, { momentum }) as tf.Tensor[];
  }
  return pairs.map(([m, v]) => tf.tidy(() => tf.sub(m, tf.mul(tf.sub(m, v), 1 - momentum))));
}
