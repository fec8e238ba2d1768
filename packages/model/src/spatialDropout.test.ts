import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildUNet } from './buildUNet.js';
import { SeededDropout, spatialDropout } from './spatialDropout.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** One training call of `layer` on ones [2, 3, 3, 16]: per image and channel, the value its whole map holds (or NaN if the map is mixed). */
function trainingMaps(layer: tf.layers.Layer): number[][] {
  const y = tf.tidy(() => layer.apply(tf.ones([2, 3, 3, 16]), { training: true }) as tf.Tensor);
  const v = y.dataSync();
  y.dispose();
  return [0, 1].map((b) =>
    Array.from({ length: 16 }, (_, c) => {
      const first = v[b * 144 + c]!;
      for (let p = 0; p < 9; p++) if (v[b * 144 + p * 16 + c] !== first) return Number.NaN;
      return first;
    }),
  );
}

describe('spatialDropout', () => {
  it('zeroes whole feature maps in training and scales the kept ones by 1 / (1 - rate)', () => {
    const layer = spatialDropout({ rate: 0.5, seed: 3 });
    const maps = trainingMaps(layer).flat();
    expect(maps.every((m) => m === 0 || m === 2)).toBe(true);
    // 32 maps at rate 0.5: some dropped and some kept (seed 3 drops 17).
    expect(maps.filter((m) => m === 0).length).toBeGreaterThan(4);
    expect(maps.filter((m) => m === 2).length).toBeGreaterThan(4);
  });

  it('is the identity outside training', () => {
    const layer = spatialDropout({ rate: 0.5, seed: 3 });
    const x = tf.randomNormal([1, 2, 2, 4]);
    const y = layer.apply(x) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, y]);
  });

  it('draws new maps on every call, and the same sequence again from the same seed', () => {
    const a = spatialDropout({ rate: 0.5, seed: 11 });
    const b = spatialDropout({ rate: 0.5, seed: 11 });
    const a1 = trainingMaps(a);
    const a2 = trainingMaps(a);
    expect(a2).not.toEqual(a1);
    expect(trainingMaps(b)).toEqual(a1);
    expect(trainingMaps(b)).toEqual(a2);
  });

  it('passes gradients through the kept maps only', () => {
    const layer = spatialDropout({ rate: 0.25, seed: 3 });
    const x = tf.ones([1, 2, 2, 32]);
    const g = tf.grad((t: tf.Tensor) => (layer.apply(t, { training: true }) as tf.Tensor).sum())(x);
    const values = Array.from(g.dataSync());
    expect(values.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    expect(values.some((v) => v === 0)).toBe(true);
    expect(values.some((v) => v !== 0)).toBe(true);
    tf.dispose([x, g]);
  });

  it('leaks no tensors', () => {
    const layer = spatialDropout({ rate: 0.3, seed: 1 });
    trainingMaps(layer);
    const before = tf.memory().numTensors;
    trainingMaps(layer);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("saves as tfjs' stock Dropout and loads back with the advancing seed", async () => {
    const model = buildUNet({ inputSize: [16, 16], baseFilters: 2, depth: 2, seed: 4, dropout: 0.3 });
    const layer = model.getLayer('center_dropout');
    expect(layer.getClassName()).toBe('Dropout');
    expect(layer.getConfig()).toMatchObject({ rate: 0.3, noiseShape: [null, 1, 1, null], seed: 4 + 2 ** 32 });
    const loaded = await tf.models.modelFromJSON(JSON.parse(JSON.stringify(model.toJSON(undefined, false))));
    expect(loaded.getLayer('center_dropout')).toBeInstanceOf(SeededDropout);
    model.dispose();
    loaded.dispose();
  });
});

describe('buildUNet with dropout', () => {
  it('adds no weights and leaves inference unchanged', () => {
    const plain = buildUNet({ inputSize: [16, 16], baseFilters: 2, depth: 2, seed: 9 });
    const dropped = buildUNet({ inputSize: [16, 16], baseFilters: 2, depth: 2, seed: 9, dropout: 0.5 });
    expect(dropped.countParams()).toBe(plain.countParams());
    expect(plain.layers.some((l) => l.name === 'center_dropout')).toBe(false);
    const x = tf.randomUniform([2, 16, 16, 3]);
    const [p, q] = [plain.predict(x) as tf.Tensor, dropped.predict(x) as tf.Tensor];
    expect(Array.from(q.dataSync())).toEqual(Array.from(p.dataSync()));
    tf.dispose([x, p, q]);
    plain.dispose();
    dropped.dispose();
  });

  it.each([1, -0.1, Number.NaN, '0.2'])('refuses dropout %s, naming the option', (dropout) => {
    expect(() => buildUNet({ inputSize: [16, 16], depth: 2, dropout: dropout as number })).toThrow(/dropout/);
  });
});
