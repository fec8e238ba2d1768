import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticCarvana } from '@maskflow/datasets';

/**
 * The directory to benchmark: `data` if given, else a synthetic full-size (1918x1280)
 * Carvana-format set of `cars` x 16 views in the system temp directory, generated once and
 * reused by later runs.
 */
export async function benchDataDir(data: string | undefined, cars: number, log: (line: string) => void): Promise<string> {
  if (data !== undefined) return data;
  const dir = join(tmpdir(), `maskflow-bench-carvana-${cars}cars`);
  if (!existsSync(join(dir, 'train_masks.csv'))) {
    log(`generating ${cars * 16} synthetic 1918x1280 Carvana-format samples in ${dir} ...`);
    const r = await generateSyntheticCarvana({ outDir: dir, cars, views: 16, seed: 42 });
    log(`  ${r.images} images in ${r.seconds.toFixed(1)} s`);
  }
  return dir;
}
