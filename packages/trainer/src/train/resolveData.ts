/** Where the training data comes from: --data, else data/carvana, else a synthetic set made once. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { generateSyntheticCarvana } from '@maskflow/datasets';

/** The data directory a run uses, and whether it is (or was just made as) the synthetic set. */
export interface ResolvedData {
  dir: string;
  synthetic: { generated: boolean; cars: number; seconds: number } | undefined;
}

/** Marker written last into a complete synthetic set: what was generated, so a rerun can reuse it. */
const MARKER = 'maskflow-synthetic.json';

interface SyntheticMarker {
  cars: number;
  seed: number;
  width: number;
  height: number;
}

async function readMarker(dir: string): Promise<SyntheticMarker | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as SyntheticMarker;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * With `data` set, that directory (relative to `cwd`). Otherwise `data/carvana` when it exists,
 * else `data/synthetic`, generated in Carvana's format and size (1918x1280, 16 views per car) when
 * missing or made with another car count. Generation writes to a temporary directory renamed into
 * place, so an interrupted generation never leaves a half set that a later run would trust.
 */
export async function resolveData(opts: {
  data: string | undefined;
  cwd: string;
  syntheticCars: number;
  /** Called before a synthetic set is generated (it takes a while). */
  onGenerate?: (cars: number) => void;
}): Promise<ResolvedData> {
  if (opts.data !== undefined) return { dir: resolve(opts.cwd, opts.data), synthetic: undefined };
  const carvana = resolve(opts.cwd, 'data/carvana');
  if (existsSync(carvana)) return { dir: carvana, synthetic: undefined };
  const dir = resolve(opts.cwd, 'data/synthetic');
  const wanted: SyntheticMarker = { cars: opts.syntheticCars, seed: 42, width: 1918, height: 1280 };
  const marker = await readMarker(dir);
  if (marker && marker.cars === wanted.cars && marker.seed === wanted.seed && existsSync(join(dir, 'train'))) {
    return { dir, synthetic: { generated: false, cars: marker.cars, seconds: 0 } };
  }
  if (existsSync(dir) && !marker) {
    // Not ours: someone put their own data there; use it rather than overwrite it.
    return { dir, synthetic: undefined };
  }
  opts.onGenerate?.(wanted.cars);
  await mkdir(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const result = await generateSyntheticCarvana({ outDir: tmp, ...wanted });
  await writeFile(join(tmp, MARKER), `${JSON.stringify(wanted, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return { dir, synthetic: { generated: true, cars: wanted.cars, seconds: result.seconds } };
}
