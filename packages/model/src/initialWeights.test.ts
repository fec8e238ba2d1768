import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildUNet } from './buildUNet.js';
import { assignSavedWeights, readSavedWeights } from './initialWeights.js';
import { saveModel } from './saveModel.js';
import { scratchDirs, tinyBatch, tinyUNet } from './__tests__/fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scratch = scratchDirs();

const values = (model: tf.LayersModel): Float32Array[] => model.weights.map((w) => w.read().dataSync() as Float32Array);

describe('readSavedWeights / assignSavedWeights', () => {
  it("gives a freshly built model a trained model's weights (batch-norm statistics too), at another input size, without leaking tensors", async () => {
    const trained = tinyUNet(3);
    const { x, y } = tinyBatch(2);
    await trained.fit(x, y, { epochs: 3, batchSize: 2, verbose: 0 });
    const dir = await scratch();
    await saveModel(trained, dir);

    const fresh = buildUNet({ inputSize: [32, 32], baseFilters: 2, depth: 2, seed: 11 });
    expect(values(fresh)).not.toEqual(values(trained));
    const saved = await readSavedWeights(dir);
    const tensors = tf.memory().numTensors;
    assignSavedWeights(fresh, saved);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(values(fresh)).toEqual(values(trained));
    expect(fresh.weights.some((w) => w.originalName.endsWith('moving_mean'))).toBe(true);

    // The same weights predict the same masks on the trained size.
    const sameSize = buildUNet({ inputSize: [16, 16], baseFilters: 2, depth: 2, seed: 11 });
    assignSavedWeights(sameSize, saved);
    const a = tf.tidy(() => (trained.predict(x) as tf.Tensor).dataSync());
    const b = tf.tidy(() => (sameSize.predict(x) as tf.Tensor).dataSync());
    expect(Array.from(b)).toEqual(Array.from(a));
    tf.dispose([x, y]);
    for (const m of [trained, fresh, sameSize]) m.dispose();
  });

  it('refuses weights of another architecture, naming the file and the weight, and leaves the model unchanged', async () => {
    const dir = await scratch();
    const saved = tinyUNet(3);
    await saveModel(saved, dir);
    const weights = await readSavedWeights(dir);
    saved.dispose();

    const wider = buildUNet({ inputSize: [16, 16], baseFilters: 4, depth: 2, seed: 1 });
    const before = values(wider);
    expect(() => assignSavedWeights(wider, weights)).toThrow(/model\.json: holds "encoder1_a_conv\/kernel" as \[3, 3, 3, 2\] but this model needs \[3, 3, 3, 4\]/);
    expect(values(wider)).toEqual(before);

    const deeper = buildUNet({ inputSize: [16, 16], baseFilters: 2, depth: 3, seed: 1 });
    expect(() => assignSavedWeights(deeper, weights)).toThrow(/has no weight ".*", which this model needs.*base filters, depth and max filters/);
    // A file with one weight more than the model, as from a model with an extra layer.
    const same = buildUNet({ inputSize: [16, 16], baseFilters: 2, depth: 2, seed: 1 });
    const data = new Uint8Array(weights.data.byteLength + 4);
    data.set(new Uint8Array(weights.data));
    const extra = { ...weights, data: data.buffer, specs: [...weights.specs, { name: 'extra_conv/kernel', shape: [1], dtype: 'float32' as const }] };
    expect(() => assignSavedWeights(same, extra)).toThrow(/holds weight "extra_conv\/kernel" that this model lacks \(1 such\)/);
    for (const m of [wider, deeper, same]) m.dispose();

    await expect(readSavedWeights(`${dir}-missing`)).rejects.toThrow(/-missing: no such model directory/);
  });
});
