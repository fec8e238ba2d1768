import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, randomValues, rng } from './__tests__/compare.js';
import { convFilterDirect, convForwardDirect, isDirectConv, isDirectFilterGrad } from './convDirect.js';
import { WasmRuntime } from './wasmRuntime.js';

type Shape4 = [number, number, number, number];

interface Case { x: Shape4; w: Shape4; stride: number; pad: 'same' | 'valid' }

/** Tiny random NHWC convolutions the direct kernels take: widths around the 4-pixel blocks and the image edges. */
function randomCases(seed: number, count: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: count }, () => {
    const k = pick([2, 3, 3, 5]);
    const stride = pick([1, 1, 2]);
    const pad = pick(['same', 'valid'] as const);
    const h = k + Math.floor(r() * 7), w = k + Math.floor(r() * 14);
    const x: Shape4 = [pick([1, 2, 3]), h, w, pick([1, 3, 4, 5, 8, 13])];
    return { x, w: [k, k, x[3], pick([1, 3, 8, 9, 16, 24])] as Shape4, stride, pad };
  });
}

describe.each(['plain', 'relaxed'] as const)('direct convolution kernels over threads equal tfjs-backend-cpu (%s SIMD build)', (build) => {
  let rt: WasmRuntime;
  beforeAll(async () => {
    // Three threads and no minimum work: every call is split into shares, even on tiny shapes.
    rt = await WasmRuntime.create(3, 0, build);
    expect(rt.simd).toBe(build);
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await rt.close();
  });

  const cases = [
    ...randomCases(11, 30),
    // The U-Net's first layer (3 input channels) and a 16 -> 16 layer, at a width of 2 blocks plus edges.
    { x: [2, 9, 12, 3], w: [3, 3, 3, 16], stride: 1, pad: 'same' },
    { x: [1, 6, 17, 16], w: [3, 3, 16, 16], stride: 1, pad: 'same' },
  ] as Case[];

  it.each(cases.map((c) => [`x ${c.x} w ${c.w} s${c.stride} ${c.pad}`, c] as const))('forward (with bias) and filter gradient: %s', (label, c) => {
    const r = rng(c.x.reduce((a, b) => a * 17 + b, c.w[3]));
    const xv = randomValues(r, c.x.reduce((a, b) => a * b)), wv = randomValues(r, c.w.reduce((a, b) => a * b));
    const bv = randomValues(r, c.w[3]);
    const info = tf.backend_util.computeConv2DInfo(c.x, c.w, c.stride, 1, c.pad);
    expect(isDirectConv(info)).toBe(true);
    const dyv = randomValues(r, info.outShape.reduce((a, b) => a * b));
    const [y, dw] = tf.tidy(() => {
      const x = tf.tensor4d(xv, c.x), w = tf.tensor4d(wv, c.w), dy = tf.tensor4d(dyv, info.outShape);
      return [
        tf.add(tf.conv2d(x, w, c.stride, c.pad), tf.tensor1d(bv)),
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: c.w }) as tf.Tensor,
      ].map((t) => t.dataSync() as Float32Array);
    });
    expectClose(convForwardDirect(rt, xv, wv, info, bv), y!, `forward ${label}`);
    if (isDirectFilterGrad(info)) expectClose(convFilterDirect(rt, xv, dyv, info), dw!, `filter gradient ${label}`);
  });

  it('leaves pointwise, dilated and long-row convolutions to im2col + GEMM', () => {
    const info = (x: Shape4, w: Shape4, dilation = 1) => tf.backend_util.computeConv2DInfo(x, w, 1, dilation, 'same');
    expect(isDirectConv(info([1, 8, 8, 16], [1, 1, 16, 8]))).toBe(false);
    expect(isDirectConv(info([1, 8, 8, 16], [3, 3, 16, 8], 2))).toBe(false);
    expect(isDirectConv(info([1, 8, 8, 256], [3, 3, 256, 8]))).toBe(false);
    expect(isDirectConv(info([1, 8, 8, 128], [3, 3, 128, 8]))).toBe(true);
    expect(isDirectFilterGrad(info([1, 8, 8, 16], [3, 3, 16, 12]))).toBe(false);
    expect(isDirectFilterGrad(info([1, 8, 4, 16], [3, 3, 16, 16]))).toBe(false);
  });
});
