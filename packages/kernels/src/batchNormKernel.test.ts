import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, it } from 'vitest';
import { expectClose, onBoth, randomValues, rng } from './__tests__/compare.js';
import { registerFastCpuBackend } from './index.js';

beforeAll(async () => {
  await registerFastCpuBackend();
});

describe('FusedBatchNorm on maskflow-cpu equals tfjs-backend-cpu', () => {
  it.each([
    ['per-channel scale and offset', true, true, [2, 3, 4, 5]],
    ['no scale', false, true, [1, 5, 3, 7]],
    ['no offset', true, false, [3, 2, 2, 6]],
    ['a 2-D input', true, true, [9, 4]],
    ['odd channels, split over threads', true, true, [2, 64, 64, 35]],
    ['512 channels', true, true, [3, 5, 7, 512]],
  ] as [string, boolean, boolean, number[]][])('%s', async (_, withScale, withOffset, shape) => {
    const r = rng(shape.length + shape[0]!);
    const c = shape[shape.length - 1]!;
    const xv = randomValues(r, shape.reduce((a, b) => a * b));
    const [mv, vv, sv, ov] = [randomValues(r, c), randomValues(r, c).map(Math.abs), randomValues(r, c), randomValues(r, c)];
    const { stock, fast } = await onBoth(() => tf.batchNorm(tf.tensor(xv, shape), tf.tensor1d(mv), tf.tensor1d(vv),
      withOffset ? tf.tensor1d(ov) : undefined, withScale ? tf.tensor1d(sv) : undefined, 1e-3));
    expectClose(fast[0]!, stock[0]!, 'batchNorm', 1e-6);
  });

  it('hands broadcast parameters to the stock kernel', async () => {
    const xv = randomValues(rng(1), 2 * 3 * 4);
    const { stock, fast } = await onBoth(() => tf.batchNorm(tf.tensor3d(xv, [2, 3, 4]), tf.tensor3d([0.5, -0.5, 1], [1, 3, 1]), tf.tensor3d([2, 1, 0.5], [1, 3, 1])));
    expectClose(fast[0]!, stock[0]!, 'broadcast', 1e-6);
  });
});
