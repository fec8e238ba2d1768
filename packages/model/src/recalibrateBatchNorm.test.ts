import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { recalibrateBatchNorm } from './recalibrateBatchNorm.js';
import { tinyBatch, tinyUNet } from './__tests__/fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The moving means and variances of the model's batch-norm layers, in layer order. */
const statistics = (model: tf.LayersModel): number[][] =>
  model.weights.filter((w) => /moving_(mean|variance)/.test(w.name)).map((w) => Array.from(w.read().dataSync()));

/** The momentum of each of the model's batch-norm layers. */
const momenta = (model: tf.LayersModel): number[] =>
  model.layers.filter((l) => l.getClassName() === 'BatchNormalization').map((l) => (l as unknown as { momentum: number }).momentum);

describe('recalibrateBatchNorm', () => {
  it('makes inference match training mode on the batch it was recalibrated on (its statistics become that batch\'s)', async () => {
    const model = tinyUNet(5);
    const { x, y } = tinyBatch(3);
    // Training moves the weights away from the statistics the moving averages hold.
    for (let s = 0; s < 3; s++) await model.trainOnBatch(x, y);
    const gap = (): number =>
      tf.tidy(() => {
        const inference = model.predict(x) as tf.Tensor;
        const training = model.apply(x, { training: true }) as tf.Tensor;
        return tf.max(tf.abs(tf.sub(inference, training))).dataSync()[0]!;
      });
    const before = statistics(model);
    expect(gap()).toBeGreaterThan(1e-3);
    const tensors = tf.memory().numTensors;
    expect(await recalibrateBatchNorm(model, [x])).toBe(1);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(statistics(model)).not.toEqual(before);
    expect(gap()).toBeLessThan(1e-4);
    x.dispose();
    y.dispose();
  });

  it('averages over the batches evenly (a running mean), whatever the layer\'s momentum, and restores the momentum', async () => {
    const { x } = tinyBatch(4);
    const halves = [x.slice([0, 0, 0, 0], [2, 16, 16, 3]), x.slice([2, 0, 0, 0], [2, 16, 16, 3])];
    const per = async (batches: tf.Tensor4D[]): Promise<number[][]> => {
      const model = tinyUNet(5);
      await recalibrateBatchNorm(model, batches);
      return statistics(model);
    };
    const first = await per([halves[0]!]);
    const second = await per([halves[1]!]);
    const both = await per(halves);
    // In training mode a layer normalises with its batch's statistics, so what each layer sees of a
    // half does not depend on the other half: every moving mean and variance is the mean of the two
    // halves' (the variance too: a mean of per-batch variances, not the pooled variance).
    expect(both.length).toBeGreaterThan(0);
    for (const [i, layer] of both.entries()) {
      for (const [c, v] of layer.entries()) expect(v).toBeCloseTo((first[i]![c]! + second[i]![c]!) / 2, 5);
    }
    const model = tinyUNet(5);
    const before = momenta(model);
    await recalibrateBatchNorm(model, halves);
    expect(momenta(model)).toEqual(before);
    x.dispose();
    for (const h of halves) h.dispose();
  });

  it('puts the momentum back when the batches fail partway', async () => {
    const model = tinyUNet(5);
    const { x } = tinyBatch(2);
    const before = momenta(model);
    async function* failing(): AsyncGenerator<tf.Tensor4D> {
      yield x;
      throw new Error('bad batch');
    }
    await expect(recalibrateBatchNorm(model, failing())).rejects.toThrow('bad batch');
    expect(momenta(model)).toEqual(before);
    x.dispose();
  });

  it('changes nothing without batches', async () => {
    const model = tinyUNet(5);
    const before = statistics(model);
    expect(await recalibrateBatchNorm(model, [])).toBe(0);
    expect(statistics(model)).toEqual(before);
  });
});
