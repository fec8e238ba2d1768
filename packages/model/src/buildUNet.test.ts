import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildUNet } from './buildUNet.js';
import { unetParamCount } from './unetParamCount.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('buildUNet', () => {
  it('has exactly 31,126,497 parameters at the defaults (256x256x3, 32 filters, depth 5)', () => {
    const model = buildUNet({ inputSize: [256, 256] });
    try {
      expect(model.countParams()).toBe(31_126_497);
      const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
      expect(trainable).toBe(31_110_497);
      expect(unetParamCount({ inputSize: [256, 256] })).toEqual({ total: 31_126_497, trainable: 31_110_497, nonTrainable: 16_000 });
    } finally {
      model.dispose();
    }
  });

  it.each([
    { inputSize: [64, 96] as [number, number], baseFilters: 8, depth: 3 },
    { inputSize: [32, 32] as [number, number], channels: 1, baseFilters: 3, depth: 4 },
    { inputSize: [96, 96] as [number, number], baseFilters: 8, depth: 5, maxFilters: 64 },
  ])('matches the closed-form count for %o', (opts) => {
    const model = buildUNet(opts);
    try {
      const count = unetParamCount(opts);
      expect(model.countParams()).toBe(count.total);
      expect(model.nonTrainableWeights.reduce((s, w) => s + (w.shape[0] ?? 0), 0)).toBe(count.nonTrainable);
    } finally {
      model.dispose();
    }
  });

  it('uses the Keras BatchNorm momentum 0.99 by default and batchNormMomentum when given; rejects one outside [0, 1)', () => {
    const momenta = (m: tf.LayersModel) => m.layers.filter((l) => l.getClassName() === 'BatchNormalization').map((l) => (l.getConfig() as { momentum: number }).momentum);
    const keras = buildUNet({ inputSize: [32, 32], baseFilters: 2, depth: 2 });
    const fast = buildUNet({ inputSize: [32, 32], baseFilters: 2, depth: 2, batchNormMomentum: 0.9 });
    try {
      expect(new Set(momenta(keras))).toEqual(new Set([0.99]));
      expect(new Set(momenta(fast))).toEqual(new Set([0.9]));
      expect(momenta(fast)).toHaveLength(momenta(keras).length);
    } finally {
      keras.dispose();
      fast.dispose();
    }
    expect(() => buildUNet({ inputSize: [32, 32], depth: 2, batchNormMomentum: 1 })).toThrow(/batchNormMomentum/);
    expect(() => buildUNet({ inputSize: [32, 32], depth: 2, batchNormMomentum: '0.9' as unknown as number })).toThrow(TypeError);
  });

  it('caps every level at maxFilters, the centre and decoder included; 0 caps nothing', () => {
    const kernels = (m: tf.LayersModel) =>
      m.layers.filter((l) => l.getClassName() === 'Conv2D' || l.getClassName() === 'Conv2DTranspose').map((l) => (l.getConfig() as { filters: number }).filters);
    const capped = buildUNet({ inputSize: [32, 32], baseFilters: 2, depth: 3, maxFilters: 6 });
    const open = buildUNet({ inputSize: [32, 32], baseFilters: 2, depth: 3, maxFilters: 0 });
    try {
      // Levels 2, 4, 8, centre 16: capped at 6 they are 2, 4, 6, 6.
      expect(Math.max(...kernels(capped))).toBe(6);
      expect(Math.max(...kernels(open))).toBe(16);
      expect(kernels(capped)).toHaveLength(kernels(open).length);
      expect(capped.countParams()).toBeLessThan(open.countParams());
      expect(capped.outputs[0]?.shape).toEqual([null, 32, 32, 1]);
    } finally {
      capped.dispose();
      open.dispose();
    }
    expect(() => buildUNet({ inputSize: [32, 32], depth: 2, maxFilters: -1 })).toThrow(/maxFilters/);
  });

  it('closed form by hand for depth 1, 1 filter, 1 channel', () => {
    // enc: conv(1->1)=10, bn 4, conv(1->1)=10, bn 4; centre: conv(1->2)=20, bn 8, conv(2->2)=38, bn 8;
    // dec: up(2->1, 2x2)=9, bn(2)=8, conv(2->1)=19, bn 4, conv(1->1)=10, bn 4; out 1x1 = 2.
    expect(unetParamCount({ inputSize: [2, 2], channels: 1, baseFilters: 1, depth: 1 }).total).toBe(158);
  });

  it('outputs [B, H, W, 1] probabilities', () => {
    const model = buildUNet({ inputSize: [16, 32], baseFilters: 2, depth: 2 });
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => model.predict(tf.randomUniform([3, 16, 32, 3])) as tf.Tensor);
    expect(y.shape).toEqual([3, 16, 32, 1]);
    const values = y.dataSync();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    tf.dispose(y);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('the same seed gives the same weights', () => {
    const a = buildUNet({ inputSize: [8, 8], baseFilters: 2, depth: 1, seed: 3 });
    const b = buildUNet({ inputSize: [8, 8], baseFilters: 2, depth: 1, seed: 3 });
    a.getWeights().forEach((w, i) => {
      expect(w.arraySync()).toEqual(b.getWeights()[i]?.arraySync());
    });
    a.dispose();
    b.dispose();
  });

  it('names the nearest valid sizes when H or W is not divisible by 2^depth', () => {
    expect(() => buildUNet({ inputSize: [250, 256] })).toThrow(RangeError);
    expect(() => buildUNet({ inputSize: [250, 256] })).toThrow('Expected a height divisible by 2^depth = 32 (depth 5) for inputSize but received 250 of type number. Use 224 or 256, or a smaller depth');
    expect(() => buildUNet({ inputSize: [256, 20] })).toThrow(/width divisible by 2\^depth = 32.*Use 32, or a smaller depth/);
  });

  it('rejects bad depth, baseFilters, channels and inputSize', () => {
    expect(() => buildUNet({ inputSize: [64, 64], depth: 0 })).toThrow('Expected an integer in [1, 6] for depth but received 0 of type number');
    expect(() => buildUNet({ inputSize: [128, 128], depth: 7 })).toThrow(RangeError);
    expect(() => buildUNet({ inputSize: [64, 64], baseFilters: 0 })).toThrow(/baseFilters/);
    expect(() => buildUNet({ inputSize: [64, 64], channels: 2.5 })).toThrow(/channels/);
    expect(() => buildUNet({ inputSize: [64, 64], depth: '3' as unknown as number })).toThrow(TypeError);
    expect(() => buildUNet({ inputSize: 64 as unknown as [number, number] })).toThrow(TypeError);
  });
});
