import { backend_util } from '@tensorflow/tfjs-core';
import { convForward } from './convForward.js';
import { convForwardWinograd, isWinogradConv } from './convWinograd.js';
import { convGeometry, isPointwise, padTo8, type FilterPacker } from './convGeometry.js';
import type { WasmRuntime } from './wasmRuntime.js';

/**
 * For stride 1 the input gradient is itself a convolution: dy convolved with the filter rotated
 * 180 degrees and its channel axes swapped, padded by (k - 1 - pad). Running it as a forward
 * convolution (direct, or im2col + GEMM reducing over KH*KW*OC) beats a GEMM that reduces over OC
 * alone followed by col2im, which writes and reads back a KH*KW*C-wide matrix. The rotated filter
 * is packed straight from the filter by pack_b_rot180 (on every thread). Returns undefined when the
 * geometry does not map back exactly (then the col2im path runs).
 */
function asForwardConv(rt: WasmRuntime, dy: Float32Array, filter: Float32Array, info: backend_util.Conv2DInfo): Float32Array | undefined {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: oc, padInfo } = info;
  const pads: backend_util.ExplicitPadding = [[0, 0], [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom], [kw - 1 - padInfo.left, kw - 1 - padInfo.right], [0, 0]];
  if (pads.some(([a, b]) => a < 0 || b < 0)) return undefined;
  const flipped = backend_util.computeConv2DInfo([info.batchSize, info.outHeight, info.outWidth, oc], [kh, kw, oc, ci], 1, 1, pads);
  if (flipped.outHeight !== info.inHeight || flipped.outWidth !== info.inWidth) return undefined;
  if (isWinogradConv(flipped)) return convForwardWinograd(rt, dy, filter, flipped, undefined, true);
  const packRotated: FilterPacker = (r, k, ldb) => {
    const packed = r.alloc(k * ldb);
    r.run('pack_b_rot180', [r.input(filter), kh, kw, ci, oc, packed], k * ldb);
    return packed;
  };
  return convForward(rt, dy, packRotated, flipped);
}

/**
 * Gradient of an NHWC convolution with respect to its input (also the forward pass of a
 * transposed convolution): col (M x KH*KW*C) = dy (M x OC) * filter^T, then col2im sums the
 * patches back onto the input grid. Returns a fresh array the caller owns.
 */
export function convBackpropInput(rt: WasmRuntime, dy: Float32Array, filter: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const m = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const oc = info.outChannels;
  const ldcol = padTo8(k);
  const inSize = info.batchSize * info.inHeight * info.inWidth * info.inChannels;
  const unitStride = info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  if (unitStride && !isPointwise(info)) {
    const viaForward = asForwardConv(rt, dy, filter, info);
    if (viaForward !== undefined) return viaForward;
  }
  rt.reset();
  try {
    const dyPtr = rt.input(dy);
    const w = rt.input(filter);
    // B(p, j) = filter[j * OC + p]: the filter transposed, read through strides while packing.
    const packed = rt.alloc(oc * ldcol);
    rt.run('pack_b', [w, 1, oc, oc, k, packed], oc * ldcol);
    const col = rt.alloc(m * ldcol);
    rt.run('gemm', [dyPtr, oc, 1, packed, col, ldcol, m, k, oc, 0], m * ldcol * oc);
    if (isPointwise(info) && ldcol === k) return rt.copyOut(col, inSize);
    const dx = rt.output(inSize);
    if (isPointwise(info)) {
      rt.run('unpad_cols', [col, ldcol, dx.ptr, m, k, 0], inSize);
    } else {
      const geom = rt.put(convGeometry(info, ldcol));
      rt.run('col2im', [geom, col, dx.ptr], m * ldcol);
    }
    return rt.finish(dx);
  } finally {
    rt.reset();
  }
}
