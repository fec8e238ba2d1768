import type { backend_util } from '@tensorflow/tfjs-core';
import { convGeometry, filterPacker, isPointwise, padTo8, type FilterPacker } from './convGeometry.js';
import type { WasmRuntime } from './wasmRuntime.js';

/**
 * Longest im2col row (KH*KW*C) the direct kernels take: up to it one 8-column panel of the filter
 * (K*32 bytes) stays in L1, and the direct kernels ran 20-50% faster than im2col + GEMM on every
 * U-Net layer they took (128x128 16 -> 16: 16.3 -> 7.3 ms forward, one thread). Past it (256 and
 * more channels at 3x3: the U-Net's 8x8 and smaller layers) the two measured within 10% either
 * way, so the GEMM path, blocked over K, keeps them.
 */
const MAX_DIRECT_K = 1152;
/** Fewest output columns for the direct filter gradient: it loads and stores a dW tile per image row and filter tap. */
const MIN_FILTER_DIRECT_WIDTH = 8;

/**
 * True when csrc/conv_direct.c's forward kernel takes this convolution: dilation 1, not
 * pointwise (that GEMM reads x itself, no im2col), and K = KH*KW*C <= MAX_DIRECT_K.
 */
export function isDirectConv(info: backend_util.Conv2DInfo): boolean {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  return info.dilationHeight === 1 && info.dilationWidth === 1 && !isPointwise(info) && k <= MAX_DIRECT_K;
}

/** True when the direct filter gradient takes it: as isDirectConv, output channels a multiple of 8, 8 output columns or more. */
export function isDirectFilterGrad(info: backend_util.Conv2DInfo): boolean {
  return isDirectConv(info) && info.outChannels % 8 === 0 && info.outWidth >= MIN_FILTER_DIRECT_WIDTH;
}

/**
 * NHWC convolution without an im2col matrix: out (N*OH*OW x OC) = conv(x, filter) + bias. The
 * filter (HWIO, or a packer) is packed into 8-column panels first. Returns a pooled array the caller owns.
 */
export function convForwardDirect(rt: WasmRuntime, x: Float32Array, filter: Float32Array | FilterPacker, info: backend_util.Conv2DInfo, bias?: Float32Array): Float32Array {
  const m = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const oc = info.outChannels;
  const ldb = padTo8(oc);
  rt.reset();
  try {
    const xPtr = rt.input(x);
    const packed = filterPacker(filter, oc)(rt, k, ldb);
    const geom = rt.put(convGeometry(info, k));
    const b = bias === undefined ? 0 : rt.input(bias);
    const edges = rt.alloc(rt.maxShares * 4 * k);
    const out = rt.output(m * oc);
    rt.run('conv_direct', [geom, xPtr, packed, oc, b, out.ptr, edges], m * ldb * k);
    return rt.finish(out);
  } finally {
    rt.reset();
  }
}

/**
 * Filter gradient without an im2col matrix, for output channels a multiple of 8: each share sums
 * its output rows into its own partial dW, then sum_partials adds the partials in share order.
 * Returns a pooled array (HWIO) the caller owns.
 */
export function convFilterDirect(rt: WasmRuntime, x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const m = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const oc = info.outChannels;
  rt.reset();
  try {
    const xPtr = rt.input(x);
    const dyPtr = rt.input(dy);
    const geom = rt.put(convGeometry(info, k));
    const shares = rt.maxShares;
    const partials = rt.alloc(shares * k * oc);
    // Shares a single-threaded run leaves unwritten must add nothing.
    rt.view(partials, shares * k * oc).fill(0);
    rt.run('conv_filter_direct', [geom, xPtr, dyPtr, oc, partials], m * k * oc);
    const out = rt.output(k * oc);
    rt.run('sum_partials', [partials, shares, k * oc, out.ptr], shares * k * oc);
    return rt.finish(out);
  } finally {
    rt.reset();
  }
}
