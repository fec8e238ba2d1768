import type { backend_util } from '@tensorflow/tfjs-core';
import type { WasmRuntime } from './wasmRuntime.js';

/** Largest float count one scratch buffer may hold (wasm32 addresses, 4 GiB memory). */
const MAX_FLOATS = 2 ** 28;

/**
 * The ConvGeom struct of csrc/im2col.c for a tfjs Conv2DInfo, as int32 fields in declaration
 * order; `ldcol` is the row stride of the im2col matrix.
 */
export function convGeometry(info: backend_util.Conv2DInfo, ldcol: number): Int32Array {
  return Int32Array.of(
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.filterHeight, info.filterWidth,
    info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
    info.outHeight, info.outWidth,
    ldcol,
  );
}

/** True when the WebAssembly path covers this convolution: NHWC and every buffer fits wasm32. */
export function isFastConv(info: backend_util.Conv2DInfo): boolean {
  if (info.dataFormat !== 'channelsLast') return false;
  const m = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const padded = (n: number) => Math.ceil(n / 8) * 8;
  return m * padded(k) <= MAX_FLOATS && m * padded(info.outChannels) <= MAX_FLOATS && m > 0 && k > 0;
}

/** True when im2col is the identity: 1x1 filter, stride 1, no padding, no dilation. */
export function isPointwise(info: backend_util.Conv2DInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.padInfo.top === 0 && info.padInfo.left === 0 && info.outHeight === info.inHeight && info.outWidth === info.inWidth;
}

/** n rounded up to the GEMM panel width (8 columns). */
export function padTo8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/**
 * Copies `x` into the runtime and returns a pointer to its im2col matrix (M x KH*KW*C, M =
 * N*OH*OW); a 1x1 stride-1 convolution needs none and gets `x` itself. The scratch belongs to
 * the runtime until its next reset().
 */
export function im2colInput(rt: WasmRuntime, x: Float32Array, info: backend_util.Conv2DInfo, m: number, k: number): number {
  const xPtr = rt.input(x);
  if (isPointwise(info)) return xPtr;
  const geom = rt.put(convGeometry(info, k));
  const col = rt.alloc(m * k);
  rt.run('im2col', [geom, xPtr, col], m * k);
  return col;
}

/**
 * Packs a convolution's filter (K = KH*KW*C rows by OC columns) into pack_b's 8-column panels in a
 * scratch block of the runtime and returns its address; `ldb` is OC rounded up to 8.
 */
export type FilterPacker = (rt: WasmRuntime, k: number, ldb: number) => number;

/** The FilterPacker of an HWIO filter as it is, or `filter` itself when it already is one. */
export function filterPacker(filter: Float32Array | FilterPacker, oc: number): FilterPacker {
  if (typeof filter === 'function') return filter;
  return (rt, k, ldb) => {
    const w = rt.input(filter);
    const packed = rt.alloc(k * ldb);
    rt.run('pack_b', [w, oc, 1, k, oc, packed], k * ldb);
    return packed;
  };
}
