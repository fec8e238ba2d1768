// pnpm bench:pipeline: images/s of @maskflow/pipeline cold (no cache), warm (memory cache) and
// against a no-pool baseline, per (threads, batch). Table for people; with --json the last
// stdout line is one JSON object. Never fails on a number.
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDataset } from '@maskflow/datasets';
import { estimateCacheBytes, formatBytes } from '@maskflow/pipeline';
import { runBench } from '../benchCli.js';
import { BENCH_USAGE, parseBenchArgs } from './benchConfig.js';
import { benchDataDir } from './benchData.js';
import { throughputChart } from './chart.js';
import { cacheCheck } from './cacheCheck.js';
import { compareMaskDecoders } from './maskDecodeComparison.js';
import { measureLoader } from './measure.js';
import type { BenchResult } from './measure.js';
import { medianResults } from './medianResults.js';
import { formatRecommendation, formatTable, recommend } from './report.js';

const AUGMENT = { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] as [number, number] };

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return;
  }
  const config = parseBenchArgs(argv);
  // With --json, people-facing lines go to stderr so stdout's last line is the JSON object.
  const log = (line: string): void => void (config.json ? process.stderr : process.stdout).write(`${line}\n`);
  const dir = await benchDataDir(config.data, config.syntheticCars, log);
  const { samples } = await loadDataset(dir);
  const size: [number, number] = [config.size, config.size];
  const malloc = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_')));
  const machine = { cpus: availableParallelism(), loadavg: loadavg().map((v) => Number(v.toFixed(2))), node: process.version, malloc };
  log(`data: ${dir} (${samples.length} samples), output ${config.size}x${config.size}, augment hue/flip/shift, prefetch ${config.prefetch}`);
  log(`machine: ${machine.cpus} cpus, load ${machine.loadavg.join(' ')}, node ${machine.node}, ${JSON.stringify(malloc)}`);
  log(`memory cache: ${formatBytes(estimateCacheBytes(samples.length, size))} for these ${samples.length} samples; ${formatBytes(estimateCacheBytes(5088, size))} for Carvana's 5088`);

  const decode = await compareMaskDecoders(samples, config.size);
  log(`mask decode, median of ${decode.masks} (1 thread): gifuct-js decompressFrames ${decode.gifuctDecompressFrames.toFixed(1)} ms, ` +
    `gifuct-js parser + typed LZW + resize ${decode.gifuctParseTypedLzw.toFixed(2)} ms, csv RLE + resize ${decode.csvRle.toFixed(2)} ms`);

  const runs: BenchResult[] = [];
  const label = (m: 'auto' | 'file'): 'rle' | 'file' => (m === 'auto' && samples.every((s) => s.rle !== undefined) ? 'rle' : 'file');
  const base = { size, prefetch: config.prefetch, seed: 42, augment: AUGMENT };
  const run = async (row: Omit<BenchResult, 'imagesPerSecond' | 'p50Ms' | 'p95Ms' | 'utilization'>, threads: number, maskSource: 'auto' | 'file', warm: boolean): Promise<void> => {
    const needed = (config.batches + config.warmupBatches) * row.batch;
    const subset = warm ? samples.slice(0, Math.min(samples.length, Math.max(needed, row.batch))) : samples;
    const m = await measureLoader({
      loader: { ...base, samples: subset, batchSize: row.batch, threads, maskSource, cache: warm ? 'memory' : 'none' },
      batches: config.batches,
      skipBatches: config.warmupBatches,
      fillEpoch: warm,
    });
    runs.push({ ...row, imagesPerSecond: m.imagesPerSecond, p50Ms: m.p50Ms, p95Ms: m.p95Ms, utilization: m.utilization });
    log(`  ${row.mode.padEnd(8)} ${row.maskSource.padEnd(4)} threads ${String(row.mode === 'baseline' ? 0 : row.threads).padStart(2)} batch ${String(row.batch).padStart(3)}: ${m.imagesPerSecond.toFixed(1)} img/s, threads busy ${(m.utilization * 100).toFixed(0)}%`);
  };

  // Repetitions interleave whole matrices, so a burst of load from other processes lands on
  // different rows each time; the median per row is what gets reported.
  for (let rep = 0; rep < config.repeat; rep++) {
    if (config.repeat > 1) log(`repetition ${rep + 1} of ${config.repeat}`);
    for (const batch of config.batchSizes) {
      for (const ms of config.maskSources) await run({ threads: 1, batch, mode: 'baseline', maskSource: label(ms) }, 0, ms, false);
    }
    for (const threads of config.threads) {
      for (const batch of config.batchSizes) {
        for (const ms of config.maskSources) await run({ threads, batch, mode: 'cold', maskSource: label(ms) }, threads, ms, false);
        const first = config.maskSources[0] as 'auto' | 'file';
        await run({ threads, batch, mode: 'warm', maskSource: label(first) }, threads, first, true);
      }
    }
  }
  const results = medianResults(runs);

  const rssMiB = process.resourceUsage().maxRSS / 1024;
  const cache = config.cacheCheck > 0 ? await cacheCheck(samples, config.cacheCheck, size, Math.max(...config.threads), log) : undefined;
  const rec = recommend(results, config.prefetch, label(config.maskSources[0] as 'auto' | 'file'), config.targetImgS);
  const outDir = resolve(config.outDir);
  await mkdir(outDir, { recursive: true });
  const chartPath = join(outDir, 'pipeline-throughput.svg');
  await writeFile(chartPath, throughputChart(results, label(config.maskSources[0] as 'auto' | 'file')));
  const loadavgEnd = loadavg().map((v) => Number(v.toFixed(2)));
  const report = { results, recommended: rec, maskDecodeMs: decode, machine: { ...machine, loadavgEnd }, peakRssMiB: Math.round(rssMiB), cacheCheck: cache, chart: chartPath };
  await writeFile(join(outDir, 'pipeline-results.json'), `${JSON.stringify(report, null, 2)}\n`);

  log('');
  log(formatTable(results));
  log('');
  log(formatRecommendation(rec));
  if (cache) log(`cache check: ${cache.samples} samples cached (${(cache.statedCacheBytes / 2 ** 30).toFixed(2)} GiB stated), peak RSS ${cache.peakRssMiB} MiB, ${cache.seconds.toFixed(0)} s`);
  log(`peak RSS during the matrix ${rssMiB.toFixed(0)} MiB; chart ${chartPath}; load average now ${loadavg().map((v) => v.toFixed(2)).join(' ')} (other processes share these cores)`);
  if (config.json) process.stdout.write(`${JSON.stringify(report)}\n`);
}

await runBench('bench:pipeline', BENCH_USAGE, main);
