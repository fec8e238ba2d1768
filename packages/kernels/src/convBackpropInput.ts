import type { backend_util } from '@tensorflow/tfjs-core';
import { convGeometry, isPointwise, padTo8 } from './convGeometry.js';
import type { WasmRuntime } from './wasmRuntime.js';

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
  rt.reset();
  try {
    const dyPtr = rt.put(dy);
    const w = rt.put(filter);
    // B(p, j) = filter[j * OC + p]: the filter transposed, read through strides while packing.
    const packed = rt.alloc(oc * ldcol);
    rt.run('pack_b', [w, 1, oc, oc, k, packed], oc * ldcol);
    const col = rt.alloc(m * ldcol);
    rt.run('gemm', [dyPtr, oc, 1, packed, col, ldcol, m, k, oc, 0], m * ldcol * oc);
    const dx = rt.alloc(inSize);
    if (isPointwise(info)) {
      if (ldcol === k) return rt.view(col, inSize).slice();
      rt.run('unpad_cols', [col, ldcol, dx, m, k, 0], inSize);
    } else {
      const geom = rt.put(convGeometry(info, ldcol));
      rt.run('col2im', [geom, col, dx], m * ldcol);
    }
    return rt.view(dx, inSize).slice();
  } finally {
    rt.reset();
  }
}
