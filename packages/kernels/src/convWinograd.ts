import type { backend_util } from '@tensorflow/tfjs-core';
import { convGeometry, padTo8 } from './convGeometry.js';
import type { WasmRuntime } from './wasmRuntime.js';

/**
 * Fewest input and output channels, and fewest 2x2 output tiles, for Winograd. Below them its
 * transforms (the filter's in scalar code; V and M are 4x the input and output) cost more than the
 * 2.25x fewer multiply-adds save: measured on one thread against the direct / im2col paths, 1.3-1.5x
 * faster from 32 channels and 256 tiles (batch 4 at 16x16), 0.93x at 16 channels, 0.75-0.8x at 64 tiles.
 */
const MIN_WINOGRAD_CHANNELS = 32;
const MIN_WINOGRAD_TILES = 256;
/** Largest float count one scratch buffer may hold (as convGeometry's MAX_FLOATS). */
const MAX_FLOATS = 2 ** 28;

/** True when csrc/winograd.c's F(2x2, 3x3) takes this convolution: 3x3, stride and dilation 1, channel counts multiples of 4, channels and tiles above the thresholds. */
export function isWinogradConv(info: backend_util.Conv2DInfo): boolean {
  const { inChannels: ci, outChannels: co } = info;
  const tiles = info.batchSize * Math.ceil(info.outHeight / 2) * Math.ceil(info.outWidth / 2);
  return info.filterHeight === 3 && info.filterWidth === 3 && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 && ci % 4 === 0 && co % 4 === 0 &&
    Math.min(ci, co) >= MIN_WINOGRAD_CHANNELS && tiles >= MIN_WINOGRAD_TILES && 16 * tiles * Math.max(ci, padTo8(co)) <= MAX_FLOATS;
}

/**
 * Winograd F(2x2, 3x3) convolution: out (N*OH*OW x OC) = conv(x, filter) + bias. `rotated`: the
 * filter is the one of the stride-1 input gradient this convolution computes (HWIO of the forward
 * convolution, used rotated 180 degrees with its channel axes swapped). Returns a pooled array the caller owns.
 */
export function convForwardWinograd(rt: WasmRuntime, x: Float32Array, filter: Float32Array, info: backend_util.Conv2DInfo, bias: Float32Array | undefined, rotated: boolean): Float32Array {
  const { inChannels: ci, outChannels: co } = info;
  const ldb = padTo8(co);
  const tiles = info.batchSize * Math.ceil(info.outHeight / 2) * Math.ceil(info.outWidth / 2);
  rt.reset();
  try {
    const xPtr = rt.input(x);
    const geom = rt.put(convGeometry(info, 0));
    const up = rt.alloc(16 * ci * ldb);
    rt.run('winograd_filter', [rt.input(filter), ci, co, rotated ? 1 : 0, up], 16 * ci * ldb * 9);
    const v = rt.alloc(16 * tiles * ci);
    rt.run('winograd_input', [geom, xPtr, v], 16 * tiles * ci);
    const m = rt.alloc(16 * tiles * ldb);
    rt.run('winograd_gemm', [v, up, m, tiles, ci, co], 16 * tiles * ci * ldb);
    const out = rt.output(info.batchSize * info.outHeight * info.outWidth * co);
    rt.run('winograd_output', [geom, m, co, bias === undefined ? 0 : rt.input(bias), out.ptr], 16 * tiles * ldb);
    return rt.finish(out);
  } finally {
    rt.reset();
  }
}

/**
 * Fewest input channels for the Winograd filter gradient. Its GEMMs reduce over the tiles with V
 * read transposed, so they need long rows of V: measured on one thread against the direct filter
 * gradient, 1.2-1.7x faster from 128 input channels (16x16 and 32x32 U-Net layers), 0.6-0.96x at 32-64.
 */
const MIN_WINOGRAD_FILTER_CHANNELS = 128;

/** True when convFilterWinograd takes this convolution's filter gradient: isWinogradConv and at least MIN_WINOGRAD_FILTER_CHANNELS input channels. */
export function isWinogradFilterGrad(info: backend_util.Conv2DInfo): boolean {
  return isWinogradConv(info) && info.inChannels >= MIN_WINOGRAD_FILTER_CHANNELS;
}

/**
 * Filter gradient of a convolution isWinogradConv takes, through the same transform: dU[xi] =
 * V[xi]^T (A dy A^T)[xi] summed over tiles (16 GEMMs), then dW = G^T dU G. Returns a pooled HWIO
 * array the caller owns.
 */
export function convFilterWinograd(rt: WasmRuntime, x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { inChannels: ci, outChannels: co } = info;
  const ldb = padTo8(co);
  const tiles = info.batchSize * Math.ceil(info.outHeight / 2) * Math.ceil(info.outWidth / 2);
  rt.reset();
  try {
    const geom = rt.put(convGeometry(info, 0));
    const v = rt.alloc(16 * tiles * ci);
    rt.run('winograd_input', [geom, rt.input(x), v], 16 * tiles * ci);
    const dm = rt.alloc(16 * tiles * ldb);
    rt.run('winograd_dy', [geom, rt.input(dy), co, dm], 16 * tiles * ldb);
    const du = rt.alloc(16 * ci * ldb);
    rt.run('winograd_filter_gemm', [v, dm, du, tiles, ci, co], 16 * tiles * ci * ldb);
    const out = rt.output(9 * ci * co);
    rt.run('winograd_filter_grad', [du, ci, co, out.ptr], 16 * ci * ldb * 4);
    return rt.finish(out);
  } finally {
    rt.reset();
  }
}
