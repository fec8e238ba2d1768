import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { WeightDecay } from './weightDecay.js';
import { tinyBatch, tinyUNet } from './__tests__/fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const byName = (model: tf.LayersModel): Map<string, Float32Array> => new Map(model.weights.map((w) => [w.name, w.read().dataSync() as Float32Array]));

describe('WeightDecay', () => {
  it('multiplies every convolution kernel by 1 - lr x decay and leaves biases, batch-norm weights and statistics alone', () => {
    const model = tinyUNet(3);
    const before = byName(model);
    const decay = new WeightDecay(model, 0.5);
    const kernelNames = new Set(model.trainableWeights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => w.name));
    const kernels = kernelNames.size;
    expect(kernels).toBeGreaterThan(5);
    expect(decay.variables).toBe(kernels);
    const tensors = tf.memory().numTensors;
    decay.apply(0.1);
    expect(tf.memory().numTensors).toBe(tensors);
    let decayed = 0;
    for (const [name, after] of byName(model)) {
      const was = before.get(name)!;
      if (kernelNames.has(name)) {
        decayed++;
        for (let i = 0; i < was.length; i++) expect(after[i]).toBeCloseTo(was[i]! * 0.95, 6);
      } else expect(after).toEqual(was);
    }
    expect(decayed).toBe(kernels);
  });

  it('changes nothing with decay 0 or learning rate 0; refuses a negative decay, and a step that would zero or flip the kernels', () => {
    const model = tinyUNet(3);
    const before = byName(model);
    new WeightDecay(model, 0).apply(0.1);
    new WeightDecay(model, 0.3).apply(0);
    expect(byName(model)).toEqual(before);
    expect(() => new WeightDecay(model, -0.1)).toThrow(/decay/);
    expect(() => new WeightDecay(model, Number.NaN)).toThrow(/decay/);
    // 1 - lr x decay <= 0 would zero or flip the kernels.
    expect(() => new WeightDecay(model, 50).apply(0.02)).toThrow(/weight-decay/);
    expect(byName(model)).toEqual(before);
  });

  it('keeps weights smaller over training than the same steps without it, and the model still trains', async () => {
    const norm = (model: tf.LayersModel): number => {
      const squares = tf.tidy(() => tf.addN(model.trainableWeights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => tf.sum(tf.square(w.read())))));
      const value = squares.dataSync()[0]!;
      squares.dispose();
      return value;
    };
    const run = async (decay: number): Promise<{ norm: number; loss: number }> => {
      const model = tinyUNet(5);
      const wd = new WeightDecay(model, decay);
      const { x, y } = tinyBatch(2);
      let loss = Infinity;
      for (let s = 0; s < 15; s++) {
        loss = (await model.trainOnBatch(x, y) as number[])[0]!;
        wd.apply(1e-2);
      }
      tf.dispose([x, y]);
      return { norm: norm(model), loss };
    };
    const plain = await run(0);
    const decayed = await run(5);
    expect(decayed.norm).toBeLessThan(plain.norm * 0.95);
    expect(decayed.loss).toBeLessThan(1.5);
  });
});
