import { BenchUsageError, readBenchFlags } from '../benchCli.js';

/** What one `pnpm bench:pipeline` run measures. */
export interface BenchConfig {
  /** Carvana-format directory; undefined → generate a small synthetic set. */
  data: string | undefined;
  size: number;
  threads: number[];
  batchSizes: number[];
  /** Mask sources to measure cold: 'auto' (csv RLE) and/or 'file' (GIF). */
  maskSources: ('auto' | 'file')[];
  /** Measured batches per (threads, batch, mode), after warm-up. */
  batches: number;
  /** Batches discarded first (pool start-up, JIT, and the prefetched ones: default prefetch + 2). */
  warmupBatches: number;
  prefetch: number;
  targetImgS: number | undefined;
  json: boolean;
  outDir: string;
  /** Fill a memory cache of this many samples at the end and report peak RSS (0: skip). */
  cacheCheck: number;
  /** Repetitions of the whole matrix; each figure reported is the median over them. */
  repeat: number;
  /** Cars to generate when --data is not given (16 views each). */
  syntheticCars: number;
}

/** The flags, for `--help` and for errors about them. */
export const BENCH_USAGE = `pnpm bench:pipeline [--data DIR] [--size 256] [--threads 1,2,4] [--batch-sizes 1,2,4,8,16]
  [--mask-source auto,file] [--batches 24] [--warmup-batches N] [--prefetch 4] [--target-img-s N]
  [--repeat 1] [--cache-check N] [--synthetic-cars 6] [--out-dir pipeline/out] [--json]`;

function list(name: string, text: string, min: number): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  for (const v of values) {
    if (!Number.isInteger(v) || v < min) throw new BenchUsageError(`Expected --${name} as comma-separated integers >= ${min} but received "${text}"`);
  }
  return values;
}

/** Turn command-line arguments into a BenchConfig; throws a BenchUsageError naming a bad flag. */
export function parseBenchArgs(argv: string[]): BenchConfig {
  const { values } = readBenchFlags({
    args: argv,
    options: {
      data: { type: 'string' },
      size: { type: 'string', default: '256' },
      threads: { type: 'string', default: '1,2,4' },
      'batch-sizes': { type: 'string', default: '1,2,4,8,16' },
      'mask-source': { type: 'string', default: 'auto,file' },
      batches: { type: 'string', default: '24' },
      'warmup-batches': { type: 'string' },
      prefetch: { type: 'string', default: '4' },
      'target-img-s': { type: 'string' },
      json: { type: 'boolean', default: false },
      'out-dir': { type: 'string', default: 'pipeline/out' },
      'synthetic-cars': { type: 'string', default: '6' },
      repeat: { type: 'string', default: '1' },
      'cache-check': { type: 'string', default: '0' },
    },
    strict: true,
    allowPositionals: false,
  });
  const maskSources = (values['mask-source'] as string).split(',').map((s) => s.trim());
  for (const m of maskSources) {
    if (m !== 'auto' && m !== 'file') throw new BenchUsageError(`Expected --mask-source auto, file or auto,file but received "${values['mask-source']}"`);
  }
  const one = (name: string, min: number): number => list(name, values[name as keyof typeof values] as string, min)[0] as number;
  const target = values['target-img-s'];
  return {
    data: values.data,
    size: one('size', 1),
    threads: list('threads', values.threads as string, 1),
    batchSizes: list('batch-sizes', values['batch-sizes'] as string, 1),
    maskSources: maskSources as ('auto' | 'file')[],
    batches: one('batches', 1),
    prefetch: one('prefetch', 1),
    // Until the prefetched batches are drained, batches arrive faster than they are made.
    warmupBatches: values['warmup-batches'] === undefined ? one('prefetch', 1) + 2 : one('warmup-batches', 0),
    targetImgS: target === undefined ? undefined : list('target-img-s', target, 1)[0],
    json: values.json as boolean,
    outDir: values['out-dir'] as string,
    syntheticCars: one('synthetic-cars', 1),
    repeat: one('repeat', 1),
    cacheCheck: one('cache-check', 0),
  };
}
