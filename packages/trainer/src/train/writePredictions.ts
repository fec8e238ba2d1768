/** predictions.png: input, true mask and predicted mask for a few validation images. */
import { writeFile } from 'node:fs/promises';
import type { Sample } from '@maskflow/datasets';
import { batchToTensors, tf } from '@maskflow/model';
import { createLoader } from '@maskflow/pipeline';
import { renderImageGrid, type RawTile } from '../plots/imageGrid.js';

/** Up to `count` samples spread evenly over `samples` (different cars in a split sorted by car). */
export function spreadPick<T>(samples: readonly T[], count: number): T[] {
  if (samples.length <= count) return [...samples];
  return Array.from({ length: count }, (_, i) => samples[Math.floor(((i + 0.5) * samples.length) / count)] as T);
}

/** Predict `samples` at the training size and write the grid to `path`; `onBadSample` as the run's loaders. */
export async function writePredictions(
  path: string,
  model: tf.LayersModel,
  samples: readonly Sample[],
  size: [number, number],
  onBadSample: 'error' | 'skip' = 'error',
  threshold = 0.5,
): Promise<void> {
  if (samples.length === 0) return;
  const [height, width] = size;
  // threads: 0 decodes on this thread: a pool is not worth starting for five images.
  const loader = createLoader({ samples, size, batchSize: samples.length, threads: 0, shuffle: false, augment: false, onBadSample });
  const rows: RawTile[][] = [];
  try {
    for await (const batch of loader.epoch(0)) {
      let predicted: Uint8Array;
      try {
        const mask = tf.tidy(() => {
          const { x } = batchToTensors(batch.images, undefined, { n: batch.size, height, width });
          return (model.predict(x) as tf.Tensor).greater(threshold).cast('int32');
        });
        predicted = Uint8Array.from(await mask.data());
        mask.dispose();
        const pixels = height * width;
        for (let i = 0; i < batch.size; i++) {
          rows.push([
            { data: batch.images.slice(i * pixels * 3, (i + 1) * pixels * 3), width, height, channels: 3 },
            { data: batch.masks.slice(i * pixels, (i + 1) * pixels), width, height, channels: 1, mask: true },
            { data: predicted.subarray(i * pixels, (i + 1) * pixels), width, height, channels: 1, mask: true },
          ]);
        }
      } finally {
        batch.release();
      }
    }
  } finally {
    await loader.close();
  }
  const png = await renderImageGrid(rows, { columnTitles: ['input', 'true mask', 'predicted mask'], cellWidth: 192 });
  await writeFile(path, png);
}
