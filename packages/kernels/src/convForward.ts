import type { backend_util } from '@tensorflow/tfjs-core';
import { convForwardDirect, isDirectConv } from './convDirect.js';
import { convForwardWinograd, isWinogradConv } from './convWinograd.js';
import { filterPacker, im2colInput, padTo8, type FilterPacker } from './convGeometry.js';
import type { WasmRuntime } from './wasmRuntime.js';

/**
 * NHWC convolution as im2col + GEMM: out (M x OC) = col (M x KH*KW*C) * filter (KH*KW*C x OC),
 * M = N*OH*OW, plus `bias` per output channel when given; `filter` is the HWIO filter or a packer
 * that writes it in GEMM panels. Returns a fresh array the caller owns.
 */
export function convForward(rt: WasmRuntime, x: Float32Array, filter: Float32Array | FilterPacker, info: backend_util.Conv2DInfo, bias?: Float32Array): Float32Array {
  const m = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const oc = info.outChannels;
  const ldc = padTo8(oc);
  if (filter instanceof Float32Array && isWinogradConv(info)) return convForwardWinograd(rt, x, filter, info, bias, false);
  if (isDirectConv(info)) return convForwardDirect(rt, x, filter, info, bias);
  rt.reset();
  try {
    const a = im2colInput(rt, x, info, m, k);
    const packed = filterPacker(filter, oc)(rt, k, ldc);
    const out = rt.output(m * oc);
    if (ldc === oc && bias === undefined) {
      rt.run('gemm', [a, k, 1, packed, out.ptr, ldc, m, oc, k, 0], m * ldc * k);
      return rt.finish(out);
    }
    const c = rt.alloc(m * ldc);
    rt.run('gemm', [a, k, 1, packed, c, ldc, m, oc, k, 0], m * ldc * k);
    // A separate destination: compacting rows in place would race between threads.
    const b = bias === undefined ? 0 : rt.input(bias);
    rt.run('unpad_cols', [c, ldc, out.ptr, m, oc, b], m * oc);
    return rt.finish(out);
  } finally {
    rt.reset();
  }
}
