import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { WeightAverage } from './weightAverage.js';
import { tinyBatch, tinyUNet } from './__tests__/fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = (model: tf.LayersModel): Float32Array[] => model.weights.map((w) => w.read().dataSync() as Float32Array);

async function trainSteps(model: tf.LayersModel, average: WeightAverage | undefined, steps: number): Promise<Float32Array[][]> {
  const seen: Float32Array[][] = [];
  const { x, y } = tinyBatch(2);
  for (let s = 0; s < steps; s++) {
    await model.trainOnBatch(x, y);
    seen.push(values(model));
    average?.update();
  }
  x.dispose();
  y.dispose();
  return seen;
}

describe('WeightAverage', () => {
  it('averages every weight (batch-norm moving statistics too) with the ramped decay, as an EMA written out by hand', async () => {
    const model = tinyUNet(3);
    const start = values(model);
    const average = new WeightAverage(model, 0.6);
    const seen = await trainSteps(model, average, 4);
    // Decays min(0.6, (1 + n) / (10 + n)): 0.1, 2/11, 0.25, 4/13, capped at 0.6 later.
    const want = start.map((w) => Float64Array.from(w));
    seen.forEach((step, n) => {
      const d = Math.min(0.6, (1 + n) / (10 + n));
      for (const [i, a] of want.entries()) {
        for (let k = 0; k < a.length; k++) a[k] = d * a[k]! + (1 - d) * step[i]![k]!;
      }
    });
    expect(average.count).toBe(4);
    const names = model.weights.map((w) => w.name);
    expect(names.some((n) => n.includes('moving_mean'))).toBe(true);
    await average.withAveraged(async () => {
      values(model).forEach((got, i) => {
        const worst = got.reduce((m, v, k) => Math.max(m, Math.abs(v - want[i]![k]!)), 0);
        expect(worst, names[i]).toBeLessThan(1e-5);
      });
    });
    average.dispose();
    model.dispose();
  });

  it('withAveraged puts the raw weights back, also when the body throws, and training goes on as without it', async () => {
    const model = tinyUNet(4);
    const plain = tinyUNet(4);
    const average = new WeightAverage(model, 0.9);
    await trainSteps(model, average, 2);
    await trainSteps(plain, undefined, 2);
    const raw = values(model);
    expect(raw).toEqual(values(plain));
    const inside = await average.withAveraged(async () => values(model));
    expect(inside.some((v, i) => v.some((x, k) => x !== raw[i]![k]))).toBe(true);
    expect(values(model)).toEqual(raw);
    await expect(average.withAveraged(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(values(model)).toEqual(raw);
    expect(await trainSteps(model, average, 1)).toEqual(await trainSteps(plain, undefined, 1));
    average.dispose();
    model.dispose();
    plain.dispose();
  });

  it('keeps the tensor count flat over updates and swaps, and frees its averages on dispose', async () => {
    const model = tinyUNet(5);
    const average = new WeightAverage(model, 0.99);
    await trainSteps(model, average, 1);
    const before = tf.memory().numTensors;
    await trainSteps(model, average, 3);
    await average.withAveraged(async () => undefined);
    expect(tf.memory().numTensors).toBe(before);
    average.dispose();
    expect(tf.memory().numTensors).toBe(before - model.weights.length);
    model.dispose();
  });

  it('snapshot and restore carry the average to a new run (resume), and bad input is refused', async () => {
    const model = tinyUNet(6);
    const average = new WeightAverage(model, 0.9);
    await trainSteps(model, average, 3);
    const saved = average.snapshot();
    const resumed = new WeightAverage(model, 0.9);
    resumed.restore(saved, average.count);
    expect(resumed.currentDecay()).toBe(average.currentDecay());
    const a = await average.withAveraged(async () => values(model));
    const b = await resumed.withAveraged(async () => values(model));
    expect(b).toEqual(a);
    expect(() => resumed.restore(saved.slice(1), 3)).toThrow(/expected \d+ tensors/);
    expect(() => new WeightAverage(model, 1)).toThrow(/decay must be in \[0, 1\)/);
    tf.dispose(saved);
    average.dispose();
    resumed.dispose();
    model.dispose();
  });
});
