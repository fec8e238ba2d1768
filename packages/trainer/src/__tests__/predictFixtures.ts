/** Tiny images and an untrained, seeded U-Net for the batch-prediction tests. */
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticCarvana } from '@maskflow/datasets';
import { buildUNet, initBackend, saveModel } from '@maskflow/model';
import { tempDir } from './fixtures.js';

/** `cars` x 4 synthetic 48x32 JPEGs in one folder; returns the folder. */
export async function tinyImageFolder(cars: number): Promise<string> {
  const root = tempDir('maskflow-predict-');
  await generateSyntheticCarvana({ outDir: root, cars, views: 4, width: 48, height: 32, seed: 3 });
  const folder = join(root, 'test');
  mkdirSync(folder);
  for (const name of readdirSync(join(root, 'train'))) renameSync(join(root, 'train', name), join(folder, name));
  return folder;
}

/** A seeded 32x32 U-Net (base 4, depth 2) saved as a checkpoint; returns its directory. */
export async function tinyModelDir(): Promise<string> {
  await initBackend({ prefer: 'auto' });
  const model = buildUNet({ inputSize: [32, 32], baseFilters: 4, depth: 2, seed: 11 });
  const dir = join(tempDir('maskflow-model-'), 'best');
  await saveModel(model, dir, { includeOptimizer: false });
  model.dispose();
  return dir;
}
