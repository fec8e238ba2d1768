import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBoth, randomValues, rng } from './__tests__/compare.js';
import { convFilterWinograd, convForwardWinograd, isWinogradConv, isWinogradFilterGrad } from './convWinograd.js';
import { registerFastCpuBackend } from './index.js';
import { WasmRuntime } from './wasmRuntime.js';

type Shape4 = [number, number, number, number];

interface Case { x: Shape4; co: number; pad: 'same' | 'valid' }

/** Tiny random 3x3 convolutions: odd and even sizes (partial 2x2 tiles), channel counts multiples of 4. */
function randomCases(seed: number, count: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: count }, () => {
    const pad = pick(['same', 'valid'] as const);
    const min = pad === 'valid' ? 3 : 1;
    return { x: [pick([1, 2, 3]), min + Math.floor(r() * 7), min + Math.floor(r() * 7), pick([4, 8, 12])] as Shape4, co: pick([4, 8, 12, 20]), pad };
  });
}

describe.each(['plain', 'relaxed'] as const)('Winograd F(2x2, 3x3) over threads equals tfjs-backend-cpu (%s SIMD build)', (build) => {
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

  it.each(randomCases(21, 24).map((c) => [`x ${c.x} -> ${c.co} ${c.pad}`, c] as const))('forward with bias, input gradient (rotated filter), filter gradient: %s', (label, c) => {
    const r = rng(c.x.reduce((a, b) => a * 13 + b, c.co));
    const w: Shape4 = [3, 3, c.x[3], c.co];
    const xv = randomValues(r, c.x.reduce((a, b) => a * b)), wv = randomValues(r, 9 * c.x[3] * c.co), bv = randomValues(r, c.co);
    const info = tf.backend_util.computeConv2DInfo(c.x, w, 1, 1, c.pad);
    const dyv = randomValues(r, info.outShape.reduce((a, b) => a * b));
    const [y, dx, dw] = tf.tidy(() => {
      const x = tf.tensor4d(xv, c.x), f = tf.tensor4d(wv, w), dy = tf.tensor4d(dyv, info.outShape);
      return [
        tf.add(tf.conv2d(x, f, 1, c.pad), tf.tensor1d(bv)),
        tf.conv2dTranspose(dy, f, c.x, 1, c.pad),
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: 1, pad: c.pad, dataFormat: 'NHWC', filterShape: w }) as tf.Tensor,
      ].map((t) => t.dataSync() as Float32Array);
    });
    expectClose(convForwardWinograd(rt, xv, wv, info, bv, false), y!, `forward ${label}`);
    // The input gradient is the convolution of dy with the rotated filter, padded by 2 - pad.
    const p = info.padInfo;
    const flipped = tf.backend_util.computeConv2DInfo(info.outShape, [3, 3, c.co, c.x[3]], 1, 1, [[0, 0], [2 - p.top, 2 - p.bottom], [2 - p.left, 2 - p.right], [0, 0]]);
    expectClose(convForwardWinograd(rt, dyv, wv, flipped, undefined, true), dx!, `input gradient ${label}`);
    expectClose(convFilterWinograd(rt, xv, dyv, info), dw!, `filter gradient ${label}`);
  });
});

describe('Winograd on maskflow-cpu', () => {
  beforeAll(async () => {
    await registerFastCpuBackend();
  });

  it('takes 3x3 stride-1 layers from 32 channels and 256 tiles only', () => {
    const info = (x: Shape4, w: Shape4, stride = 1) => tf.backend_util.computeConv2DInfo(x, w, stride, 1, 'same');
    expect(isWinogradConv(info([4, 32, 32, 32], [3, 3, 32, 64]))).toBe(true);
    expect(isWinogradConv(info([4, 32, 32, 16], [3, 3, 16, 64]))).toBe(false);
    expect(isWinogradConv(info([4, 8, 8, 256], [3, 3, 256, 256]))).toBe(false);
    expect(isWinogradConv(info([4, 32, 32, 32], [3, 3, 32, 64], 2))).toBe(false);
    expect(isWinogradConv(info([4, 32, 32, 34], [3, 3, 34, 64]))).toBe(false);
    expect(isWinogradFilterGrad(info([4, 16, 16, 128], [3, 3, 128, 64]))).toBe(true);
    expect(isWinogradFilterGrad(info([4, 32, 32, 64], [3, 3, 64, 64]))).toBe(false);
  });

  it('gives a 128-channel layer\'s filter gradient as tfjs-cpu does (x [4,16,16,128], 128 -> 32)', async () => {
    const xv = randomValues(rng(6), 4 * 16 * 16 * 128), dyv = randomValues(rng(7), 4 * 16 * 16 * 32);
    const { stock, fast } = await onBoth(() => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: tf.tensor4d(xv, [4, 16, 16, 128]), dy: tf.tensor4d(dyv, [4, 16, 16, 32]) },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 128, 32] }) as tf.Tensor);
    expectClose(fast[0]!, stock[0]!, 'dw');
  });

  it('gives a U-Net layer\'s output and gradients as tfjs-cpu does (x [4,32,32,32], 32 -> 36)', async () => {
    const xv = randomValues(rng(3), 4 * 32 * 32 * 32), wv = randomValues(rng(4), 9 * 32 * 36);
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor4d(xv, [4, 32, 32, 32]), w = tf.tensor4d(wv, [3, 3, 32, 36]);
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same');
      const weights = tf.randomUniform([4, 32, 32, 36], -1, 1, 'float32', 5);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), weights)))([x, w]);
      return [f(x, w), dx!, dw!];
    });
    fast.forEach((values, i) => {
      expectClose(values, stock[i]!, ['y', 'dx', 'dw'][i]!);
    });
  });
});
