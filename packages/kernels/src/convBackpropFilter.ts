import type { backend_util } from '@tensorflow/tfjs-core';
import { convFilterDirect, isDirectFilterGrad } from './convDirect.js';
import { im2colInput, padTo8 } from './convGeometry.js';
import { convFilterWinograd, isWinogradFilterGrad } from './convWinograd.js';
import type { WasmRuntime } from './wasmRuntime.js';

/**
 * Gradient of an NHWC convolution with respect to its HWIO filter:
 * dW (KH*KW*C x OC) = col^T (KH*KW*C x M) * dy (M x OC), col^T read through strides (no transpose
 * copy). Returns a fresh array the caller owns.
 */
export function convBackpropFilter(rt: WasmRuntime, x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const m = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const oc = info.outChannels;
  const ldc = padTo8(oc);
  if (isWinogradFilterGrad(info)) return convFilterWinograd(rt, x, dy, info);
  if (isDirectFilterGrad(info)) return convFilterDirect(rt, x, dy, info);
  rt.reset();
  try {
    const col = im2colInput(rt, x, info, m, k);
    const dyPtr = rt.input(dy);
    const packed = rt.alloc(m * ldc);
    rt.run('pack_b', [dyPtr, oc, 1, m, oc, packed], m * ldc);
    const out = rt.output(k * oc);
    if (ldc === oc) {
      rt.run('gemm', [col, 1, k, packed, out.ptr, ldc, k, oc, m, 0], k * ldc * m);
      return rt.finish(out);
    }
    const c = rt.alloc(k * ldc);
    rt.run('gemm', [col, 1, k, packed, c, ldc, k, oc, m, 0], k * ldc * m);
    rt.run('unpad_cols', [c, ldc, out.ptr, k, oc, 0], k * oc);
    return rt.finish(out);
  } finally {
    rt.reset();
  }
}
