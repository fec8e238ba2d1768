import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { tinyBatch, tinyUNet } from './__tests__/fixtures.js';
import { setTrainingSize } from './trainingSize.js';

describe('setTrainingSize', () => {
  it('lets trainOnBatch take a smaller batch while predict still takes the full size, and puts the exact check back', async () => {
    const model = tinyUNet();
    const small = tinyBatch(2, 8);
    const full = tinyBatch(2, 16);
    try {
      await expect(model.trainOnBatch(small.x, small.y)).rejects.toThrow(/shape \[\*,16,16,3\]/);
      setTrainingSize(model, [8, 8]);
      const before = model.getWeights()[0]!.dataSync().slice();
      const loss = (await model.trainOnBatch(small.x, small.y)) as number[];
      expect(Number.isFinite(loss[0])).toBe(true);
      // The 8x8 step trained the shared weights; the model is still a 16x16 one, and predicts at 16x16.
      expect(model.getWeights()[0]!.dataSync()).not.toEqual(before);
      expect(model.inputs[0]!.shape).toEqual([null, 16, 16, 3]);
      tf.tidy(() => {
        expect((model.predict(full.x) as tf.Tensor).shape).toEqual([2, 16, 16, 1]);
      });
      setTrainingSize(model, [16, 16]);
      expect(model.feedInputShapes).toEqual([[null, 16, 16, 3]]);
      await expect(model.trainOnBatch(small.x, small.y)).rejects.toThrow(/shape \[\*,16,16,3\]/);
      await model.trainOnBatch(full.x, full.y);
    } finally {
      tf.dispose([small.x, small.y, full.x, full.y]);
      model.dispose();
    }
  });

  it('refuses a model that was not compiled', () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 1, kernelSize: 1 })] });
    try {
      expect(() => setTrainingSize(model, [4, 4])).toThrow(/compiled model/);
    } finally {
      model.dispose();
    }
  });
});
