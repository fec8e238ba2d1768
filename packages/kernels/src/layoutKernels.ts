import { backend_util, Concat, SplitV, Tile, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

/**
 * Copies `outer` runs of `run` floats from src (run o at o * srcStride) to dst (at o * dstStride):
 * in wasm on every thread when both live in the shared memory, else in JS (one set() per run
 * from 64 floats, a plain loop below).
 */
function copyRuns(rt: WasmRuntime, dst: Float32Array, dstAt: number, dstStride: number, src: Float32Array, srcAt: number, srcStride: number, outer: number, run: number): void {
  const d = rt.addressOf(dst), s = rt.addressOf(src);
  if (d >= 0 && s >= 0) {
    rt.run('copy_runs', [d + dstAt * 4, s + srcAt * 4, outer, run, dstStride, srcStride], outer * run);
  } else if (run >= 64) {
    for (let o = 0; o < outer; o++) dst.set(src.subarray(srcAt + o * srcStride, srcAt + o * srcStride + run), dstAt + o * dstStride);
  } else {
    for (let o = 0; o < outer; o++) for (let k = 0, i = srcAt + o * srcStride, j = dstAt + o * dstStride; k < run; k++) dst[j + k] = src[i + k]!;
  }
}

/** SplitV by block copies: x as (outer, axis, inner) gives each piece `outer` contiguous runs. */
function splitV(rt: WasmRuntime, backend: MathBackendCPU, x: TensorInfo, xv: Float32Array, sizes: number[], axis: number): TensorInfo[] {
  const outer = util.sizeFromShape(x.shape.slice(0, axis));
  const inner = util.sizeFromShape(x.shape.slice(axis + 1));
  const row = x.shape[axis]! * inner;
  let offset = 0;
  return sizes.map((size) => {
    const run = size * inner;
    const out = outputPool.take(outer * run);
    copyRuns(rt, out, 0, run, xv, offset, row, outer, run);
    offset += run;
    const shape = x.shape.slice();
    shape[axis] = size;
    return backend.makeTensorInfo(shape, 'float32', out);
  });
}

/**
 * Concat by block copies, SplitV's inverse: the output as (outer, axis, inner) takes from each
 * input `outer` contiguous runs. tfjs-cpu's output is a plain JS array, which every wasm kernel
 * reading it would copy into the shared memory first; this one is pooled (lives there).
 */
function concat(rt: WasmRuntime, parts: { values: Float32Array; shape: number[] }[], axis: number, outShape: number[]): Float32Array {
  const outer = util.sizeFromShape(outShape.slice(0, axis));
  const inner = util.sizeFromShape(outShape.slice(axis + 1));
  const row = outShape[axis]! * inner;
  const out = outputPool.take(outer * row);
  let offset = 0;
  for (const { values, shape } of parts) {
    const run = shape[axis]! * inner;
    copyRuns(rt, out, offset, row, values, 0, run, outer, run);
    offset += run;
  }
  return out;
}

/**
 * Tile by doubling copies, innermost axis first: tiling axis d repeats each of the
 * prod(shape[:d]) blocks of the (already tiled) trailing sub-tensor reps[d] times.
 */
function tile(xv: Float32Array, shape: number[], reps: number[]): Float32Array {
  let cur = xv;
  const cs = shape.slice();
  for (let d = shape.length - 1; d >= 0; d--) {
    const r = reps[d]!;
    if (r === 1) continue;
    const outer = util.sizeFromShape(cs.slice(0, d));
    const block = util.sizeFromShape(cs.slice(d));
    const next = outputPool.take(outer * block * r);
    for (let o = 0; o < outer; o++) {
      const base = o * block * r;
      next.set(cur.subarray(o * block, (o + 1) * block), base);
      for (let filled = 1; filled < r; filled *= 2) {
        const copy = Math.min(filled, r - filled) * block;
        next.copyWithin(base + filled * block, base, base + copy);
      }
    }
    // Intermediate stages go back to the pool (only the last one becomes the output).
    if (cur !== xv) outputPool.release(cur);
    cur = next;
    cs[d] = cs[d]! * r;
  }
  if (cur !== xv) return cur;
  const copy = outputPool.take(xv.length);
  copy.set(xv);
  return copy;
}

/** Float32 Concat, SplitV (concat's gradient) and Tile (broadcast gradients) as block copies; others go to `stock`. */
export function layoutKernels(rt: WasmRuntime, backendName: string, stock: Stock): KernelConfig[] {
  const splitVKernel = (args: Args): TensorInfo[] => {
    const backend = args.backend as MathBackendCPU;
    const { x } = args.inputs as { x: TensorInfo };
    const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    const xv = floatValues(backend, x);
    if (xv === undefined) return stock(SplitV)(args) as TensorInfo[];
    const $axis = util.parseAxisParam(axis, x.shape)[0]!;
    const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, $axis) as number[];
    return splitV(rt, backend, x, xv, sizes, $axis);
  };
  const tileKernel = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { x } = args.inputs as { x: TensorInfo };
    const { reps } = args.attrs as unknown as { reps: number[] };
    const xv = floatValues(backend, x);
    if (xv === undefined || reps.length !== x.shape.length) return stock(Tile)(args) as TensorInfo;
    const shape = x.shape.map((s, i) => s * reps[i]!);
    return backend.makeTensorInfo(shape, 'float32', tile(xv, x.shape, reps));
  };
  const concatKernel = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const inputs = Object.values(args.inputs) as TensorInfo[];
    const { axis } = args.attrs as unknown as { axis: number };
    const parts = inputs.map((t) => ({ values: floatValues(backend, t), shape: t.shape }));
    const first = inputs[0];
    if (first === undefined || parts.some((p) => p.values === undefined || p.shape.length !== first.shape.length)) return stock(Concat)(args) as TensorInfo;
    const $axis = util.parseAxisParam(axis, first.shape)[0]!;
    const sameElsewhere = inputs.every((t) => t.shape.every((s, i) => i === $axis || s === first.shape[i]));
    const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), $axis);
    if (!sameElsewhere || util.sizeFromShape(outShape) === 0) return stock(Concat)(args) as TensorInfo;
    return backend.makeTensorInfo(outShape, 'float32', concat(rt, parts as { values: Float32Array; shape: number[] }[], $axis, outShape));
  };
  return [
    { kernelName: Concat, backendName, kernelFunc: concatKernel as KernelFunc },
    { kernelName: SplitV, backendName, kernelFunc: splitVKernel as KernelFunc },
    { kernelName: Tile, backendName, kernelFunc: tileKernel as KernelFunc },
  ];
}
