import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

type Shape4 = [number, number, number, number];

interface Case {
  x: Shape4; w: Shape4; stride: number; pad: 'same' | 'valid'; dilation: number;
}

/** Random NHWC convolutions: odd sizes, stride 1/2, same/valid, dilation, 1..33 channels, batch 1..8. */
function randomCases(seed: number, count: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: count }, () => {
    const k = pick([1, 2, 3, 3, 5]);
    const stride = pick([1, 2]);
    const dilation = stride === 1 && k > 1 ? pick([1, 1, 2]) : 1;
    const pad = pick(['same', 'valid'] as const);
    const minSize = pad === 'valid' ? (k - 1) * dilation + 1 : 1;
    const h = minSize + Math.floor(r() * 9), w = minSize + Math.floor(r() * 9);
    const x: Shape4 = [pick([1, 2, 3, 8]), h, w, pick([1, 3, 4, 5, 16, 33])];
    return { x, w: [k, k, x[3], pick([1, 2, 7, 8, 16, 17])] as Shape4, stride, pad, dilation };
  });
}

const describeCase = (c: Case) => `x ${c.x} w ${c.w} s${c.stride} ${c.pad} d${c.dilation}`;

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('conv kernels on maskflow-cpu equal tfjs-backend-cpu', () => {
  const cases = [
    ...randomCases(1, 24),
    // Wide channels on a small grid, and the U-Net's 2x2 stride-2 transposed-conv shape.
    { x: [1, 3, 5, 512], w: [3, 3, 512, 5], stride: 1, pad: 'same', dilation: 1 },
    { x: [2, 4, 4, 9], w: [1, 1, 9, 512], stride: 1, pad: 'valid', dilation: 1 },
  ] as Case[];

  it.each(cases.map((c) => [describeCase(c), c] as const))('Conv2D, its gradients: %s', async (_, c) => {
    const r = rng(c.x.reduce((a, b) => a * 31 + b, 7));
    const xv = randomValues(r, c.x.reduce((a, b) => a * b));
    const wv = randomValues(r, c.w.reduce((a, b) => a * b));
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor4d(xv, c.x), w = tf.tensor4d(wv, c.w);
      const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, c.stride, c.pad, 'NHWC', c.dilation);
      const y = f(x, w);
      // tfjs-core has no conv2d gradient for dilation > 1: compare the forward pass only.
      if (c.dilation > 1) return [y];
      const weights = tf.randomUniform(y.shape, -1, 1, 'float32', 5);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D), weights)))([x, w]);
      return [y, dx!, dw!];
    });
    expect(fast.length).toBe(c.dilation > 1 ? 1 : 3);
    fast.forEach((values, i) => {
      expectClose(values, stock[i]!, `${['y', 'dx', 'dw'][i]} ${describeCase(c)}`);
    });
  });

  it.each([
    [[2, 4, 5, 8], [2, 2, 3, 8], 2, 'same'],
    [[1, 5, 3, 6], [3, 3, 4, 6], 2, 'same'],
    [[3, 3, 3, 2], [3, 3, 1, 2], 1, 'valid'],
  ] as [Shape4, Shape4, number, 'same' | 'valid'][])('conv2dTranspose and its gradients: x %j w %j s%d %s', async (xs, ws, s, pad) => {
    const r = rng(11);
    const xv = randomValues(r, xs.reduce((a, b) => a * b)), wv = randomValues(r, ws.reduce((a, b) => a * b));
    const outShape: Shape4 = pad === 'same' ? [xs[0], xs[1] * s, xs[2] * s, ws[2]] : [xs[0], (xs[1] - 1) * s + ws[0], (xs[2] - 1) * s + ws[1], ws[2]];
    const { stock, fast } = await onBoth(() => {
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, s, pad);
      const x = tf.tensor4d(xv, xs), w = tf.tensor4d(wv, ws);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(f(a, b))))([x, w]);
      return [f(x, w), dx!, dw!];
    });
    ['y', 'dx', 'dw'].forEach((name, i) => {
      expectClose(fast[i]!, stock[i]!, name);
    });
  });

  it.each(['linear', 'relu', 'relu6', 'sigmoid', 'leakyrelu', 'elu', 'prelu'] as const)('FusedConv2D with bias and %s', async (activation) => {
    const r = rng(3);
    const xv = randomValues(r, 2 * 7 * 6 * 5), wv = randomValues(r, 3 * 3 * 5 * 12), bv = randomValues(r, 12);
    const { stock, fast } = await onBoth(() => {
      const x = tf.tensor4d(xv, [2, 7, 6, 5]), w = tf.tensor4d(wv, [3, 3, 5, 12]), bias = tf.tensor1d(bv);
      const preluActivationWeights = activation === 'prelu' ? tf.fill([12], 0.3) : undefined;
      return tf.fused.conv2d({ x, filter: w, strides: 2, pad: 'same', bias, activation, preluActivationWeights, leakyreluAlpha: 0.1 });
    });
    expectClose(fast[0]!, stock[0]!, activation);
  });

  it('hands NCHW convolutions to the stock kernel', async () => {
    const r = rng(5);
    const xv = randomValues(r, 2 * 3 * 6 * 6), wv = randomValues(r, 3 * 3 * 3 * 4);
    const { stock, fast } = await onBoth(() => tf.conv2d(tf.tensor4d(xv, [2, 3, 6, 6]), tf.tensor4d(wv, [3, 3, 3, 4]), 1, 'same', 'NCHW'));
    expectClose(fast[0]!, stock[0]!, 'NCHW');
  });

  it('leaks no more tensors than the stock kernels', async () => {
    const growth = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.ones([1, 5, 5, 3]), w = tf.ones([3, 3, 3, 4]);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, w]));
      }
      const grown = tf.memory().numTensors - before;
      tf.dispose([x, w]);
      return grown;
    };
    expect(await growth('maskflow-cpu')).toBe(await growth('cpu'));
    await tf.setBackend('cpu');
  });
});
