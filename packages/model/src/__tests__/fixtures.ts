/** Tiny models and batches for tests, on the stock cpu backend. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { bceDiceLoss } from '../bceDiceLoss.js';
import { buildUNet } from '../buildUNet.js';
import { diceCoeff, diceLoss } from '../diceCoeff.js';

/** A 16x16 U-Net with 2 base filters and depth 2, compiled like the tutorial; weights seeded. */
export function tinyUNet(seed = 7): tf.LayersModel {
  const model = buildUNet({ inputSize: [16, 16], baseFilters: 2, depth: 2, seed });
  model.compile({ optimizer: tf.train.adam(1e-2), loss: bceDiceLoss, metrics: [diceLoss, diceCoeff] });
  return model;
}

/** A deterministic batch: images with a bright square, masks 1 on the square. Caller disposes. */
export function tinyBatch(n = 2, size = 16): { x: tf.Tensor4D; y: tf.Tensor4D } {
  const x = new Float32Array(n * size * size * 3);
  const y = new Float32Array(n * size * size);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const p = (b * size + i) * size + j;
        const inside = i >= 4 + b && i < 10 + b && j >= 3 && j < 11 ? 1 : 0;
        y[p] = inside;
        for (let c = 0; c < 3; c++) x[p * 3 + c] = inside ? 0.8 - 0.1 * c : ((i * 7 + j * 3 + c) % 10) / 20;
      }
    }
  }
  return { x: tf.tensor4d(x, [n, size, size, 3]), y: tf.tensor4d(y, [n, size, size, 1]) };
}

/** A fresh temporary directory and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'maskflow-model-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
