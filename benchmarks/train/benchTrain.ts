/**
 * pnpm bench:train — U-Net training speed per backend, side by side, plus end-to-end training with
 * the input pipeline on the same cores. Table for people; with --json the last stdout line is one
 * JSON object. Never fails on a number.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticCarvana } from '@maskflow/datasets';
import { BenchUsageError, benchFlagsOrExit, checkKnownNames, runBench } from '../benchCli.js';
import { activateBackend, backendNotes } from './activateBackend.js';
import { measureEndToEnd, type EndToEndResult } from './endToEnd.js';
import { formatTable } from './formatTable.js';
import { measureTraining, type TrainingResult } from './measureTraining.js';
import { median } from './median.js';
import { runPytorchReference, type TorchOutcome } from './pytorchReference.js';
import { estimateStepSeconds } from './stockBudget.js';
import { parseUNetConfig, sameUNetConfig, type UNetConfig, unetConfigName } from './unetConfig.js';
import { WARMUP_STEPS } from './warmupSteps.js';

const USAGE = `pnpm bench:train [--configs 128x16x5x4,64x8x5x8,160x8x4x4x64-mobilenet_v2] [--backends maskflow-cpu,maskflow-webgpu,cpu,wasm,tensorflow,pytorch]
  [--steps 5] [--stock-steps 1] [--stock-budget-s 60] [--threads N] [--e2e-configs 64x8x4x8,64x8x5x8] [--e2e-splits 2:2,2:1,1:1]
  [--e2e-steps 8] [--no-e2e] [--rounds 1] [--json]
configs are SIZExBASExDEPTHxBATCH[xCAP][-mobilenet_v2], CAP at most that many filters a level, -mobilenet_v2 the MobileNetV2
encoder (160x8x4x4x64-mobilenet_v2 is the trainer's CPU preset network); e2e splits are kernelThreads:pipelineThreads.
Stock tfjs-cpu trains a configuration only when a small probe step, scaled by FLOPs, estimates
one step under --stock-budget-s seconds (the bench configurations take 15-60 minutes a step).
maskflow-webgpu: on a software adapter (lavapipe) 1 warm-up + 1 timed step, marked "software, not a speed figure".
pytorch: the same step in PyTorch CPU (train/torchUnetStep.py, --threads or all cores) when a python3 imports torch.
--rounds N (N > 1, with maskflow-cpu and pytorch in --backends): N - 1 more rounds of maskflow-cpu then PyTorch, each
round's ratio from measurements minutes apart, and the median ratio (other processes' load changes within a run).`;

/** Every backend --backends can name, in the default order. */
const BACKENDS = ['maskflow-cpu', 'maskflow-webgpu', 'cpu', 'wasm', 'tensorflow', 'pytorch'];

const { values: args } = benchFlagsOrExit('bench:train', USAGE, {
  options: {
    configs: { type: 'string', default: '128x16x5x4,64x8x5x8,160x8x4x4x64-mobilenet_v2' },
    backends: { type: 'string', default: BACKENDS.join(',') },
    steps: { type: 'string', default: '5' },
    'stock-steps': { type: 'string', default: '1' },
    'stock-budget-s': { type: 'string', default: '60' },
    threads: { type: 'string' },
    'e2e-configs': { type: 'string', default: '64x8x4x8,64x8x5x8' },
    'e2e-splits': { type: 'string', default: '2:2,2:1,1:1' },
    'e2e-steps': { type: 'string', default: '8' },
    'no-e2e': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
    'e2e-child': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BenchUsageError(`--${name}: expected a positive integer but received '${value}'`);
  return n;
}

function parseConfig(flag: string, text: string): UNetConfig {
  try {
    return parseUNetConfig(text);
  } catch (error) {
    throw new BenchUsageError(`--${flag}: ${(error as Error).message}`);
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs one end-to-end split in a child process: kernel threads are fixed once per process. */
function runSplit(dataDir: string, config: UNetConfig, kernelThreads: number, pipelineThreads: number, steps: number): EndToEndResult | string {
  const spec = JSON.stringify({ dataDir, config, kernelThreads, pipelineThreads, steps });
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--e2e-child', spec], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20,
  });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) return `failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return JSON.parse(last) as EndToEndResult;
}

/** One round's maskflow-cpu and PyTorch figures on one configuration. */
interface RoundRow { round: number; load: number; config: UNetConfig; ours: number; oursCpu: number; torch: number; torchCpu: number }

/** maskflow-cpu's and PyTorch's figures per configuration from one round (PyTorch: the faster wait policy). */
function roundOf(round: number, load: number, configs: UNetConfig[], ours: TrainingResult[], torch: TorchOutcome): RoundRow[] {
  if ('skipped' in torch) return [];
  return configs.flatMap((config) => {
    const i = torch.results.findIndex((r) => sameUNetConfig(r, config));
    const m = ours.find((r) => r.backend === 'maskflow-cpu' && sameUNetConfig(r, config));
    if (i < 0 || m === undefined) return [];
    const spin = torch.results[i]!, passive = torch.passive[i]!;
    const best = passive.imagesPerSecond > spin.imagesPerSecond ? passive : spin;
    return [{ round, load, config, ours: m.imagesPerSecond, oursCpu: m.cpuMsPerStep, torch: best.imagesPerSecond, torchCpu: best.cpuMsPerStep }];
  });
}

/**
 * Rounds 2..N of maskflow-cpu then PyTorch (no profiled step), after round 1 (the main loop's
 * measurements): other processes' load changes within a run, so a ratio is taken from
 * measurements of the same round. Returns every round's rows, round 1's first.
 */
async function alternateRounds(rounds: number, backends: string[], configs: UNetConfig[], steps: number, threads: number | undefined,
  first: TrainingResult[], firstTorch: TorchOutcome | undefined, firstLoad: number): Promise<RoundRow[]> {
  if (rounds < 2 || !backends.includes('maskflow-cpu') || !backends.includes('pytorch') || firstTorch === undefined) return [];
  const rows = roundOf(1, firstLoad, configs, first, firstTorch);
  for (let round = 2; round <= rounds; round++) {
    const load = loadavg()[0]!;
    const ours: TrainingResult[] = [];
    for (const config of configs) {
      if (await activateBackend('maskflow-cpu', threads) !== undefined) return rows;
      log(`round ${round}: maskflow-cpu, ${unetConfigName(config)}...`);
      ours.push(await measureTraining('maskflow-cpu', config, steps, WARMUP_STEPS, false));
    }
    log(`round ${round}: pytorch...`);
    rows.push(...roundOf(round, load, configs, ours, runPytorchReference(configs, threads ?? availableParallelism(), steps)));
  }
  return rows;
}

async function main(): Promise<void> {
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (args['e2e-child'] !== undefined) {
    const s = JSON.parse(args['e2e-child']) as { dataDir: string; config: UNetConfig; kernelThreads: number; pipelineThreads: number; steps: number };
    console.log(JSON.stringify(await measureEndToEnd(s.dataDir, s.config, s.kernelThreads, s.pipelineThreads, s.steps)));
    return;
  }
  const configs = args.configs.split(',').map((c) => parseConfig('configs', c));
  const e2eConfigs = args['e2e-configs'].split(',').map((c) => parseConfig('e2e-configs', c));
  const backends = args.backends.split(',').map((b) => b.trim());
  checkKnownNames('backends', 'backend', backends, BACKENDS);
  const steps = positiveInt('steps', args.steps);
  const stockSteps = positiveInt('stock-steps', args['stock-steps']);
  const stockBudgetS = positiveInt('stock-budget-s', args['stock-budget-s']);
  const threads = args.threads === undefined ? undefined : positiveInt('threads', args.threads);
  const loadBefore = loadavg()[0]!;
  const results: TrainingResult[] = [];
  const skipped: { backend: string; config: string; reason: string }[] = [];

  // Backend by backend: a backend that fails mid-step (wasm) cannot leave tensors behind that
  // would inflate the next backend's memory numbers.
  let torch: TorchOutcome | undefined;
  for (const backend of backends) {
    if (backend === 'pytorch') {
      log(`pytorch: ${configs.map(unetConfigName).join('; ')}...`);
      torch = runPytorchReference(configs, threads ?? availableParallelism(), steps);
      if ('skipped' in torch) skipped.push({ backend, config: 'all', reason: torch.skipped });
      continue;
    }
    for (const config of configs) {
      const reason = await activateBackend(backend, threads);
      if (reason !== undefined) {
        skipped.push({ backend, config: unetConfigName(config), reason });
        continue;
      }
      const stock = backend === 'cpu';
      if (stock) {
        const estimate = await estimateStepSeconds(config);
        const p = estimate.probe;
        if (estimate.seconds > stockBudgetS) {
          skipped.push({ backend, config: unetConfigName(config), reason: `estimated ${estimate.seconds.toFixed(0)} s per step > --stock-budget-s ${stockBudgetS} `
            + `(probe ${unetConfigName(p)} at ${estimate.probeGflops.toFixed(3)} GFLOP/s, scaled by FLOPs; a lower bound)` });
          continue;
        }
      }
      log(`${backend}, ${unetConfigName(config)}: training...`);
      try {
        // Stock tfjs-cpu needs minutes per step: its single profiled step is also the timed one.
        const software = backendNotes.get(backend)?.endsWith('not a speed figure') === true;
        const measured = stock ? (stockSteps === 1 ? 0 : stockSteps) : software ? 1 : steps;
        // Stock and software-adapter steps take seconds to minutes: one warm-up step for those.
        const warmup = stock ? (stockSteps === 1 ? 0 : 1) : software ? 1 : WARMUP_STEPS;
        results.push(await measureTraining(backend, config, measured, warmup, backend !== 'maskflow-webgpu'));
      } catch (error) {
        skipped.push({ backend, config: unetConfigName(config), reason: `cannot train: ${(error as Error).message.split('\n')[0]}` });
      }
    }
  }

  const rounds = positiveInt('rounds', args.rounds);
  const roundRows = await alternateRounds(rounds, backends, configs, steps, threads, results, torch, loadBefore);

  console.log(`\nU-Net training, Adam + BCE-Dice, NHWC float32 (${availableParallelism()} cores, load average ${loadBefore.toFixed(2)} at start)`);
  console.log(formatTable(
    ['backend', 'config', 'steps', 'images/s', 'ms/step', 'CPU ms/step', 'GFLOP/s', 'x stock', 'tensor MB', 'peak RSS MB', 'leaked'],
    results.map((r) => {
      const stock = results.find((s) => s.backend === 'cpu' && sameUNetConfig(s, r));
      const note = backendNotes.get(r.backend);
      return [note === undefined ? r.backend : `${r.backend} (${note})`, unetConfigName(r), r.steps, r.imagesPerSecond.toFixed(2), r.msPerStep.toFixed(0), r.cpuMsPerStep.toFixed(0), r.gflops.toFixed(2),
        stock ? (r.imagesPerSecond / stock.imagesPerSecond).toFixed(1) : '-', r.tensorMB.toFixed(0), r.peakRssMB.toFixed(0), r.leakedTensors];
    }),
  ));
  for (const s of skipped) console.log(`skipped ${s.backend} (${s.config}): ${s.reason}`);
  if (torch !== undefined && !('skipped' in torch)) {
    const t = torch;
    console.log(`\nPyTorch ${t.torch} CPU (${t.python}, ${t.threads} threads, the faster of channels-last and NCHW per config), same U-Net step, same run; OpenMP's default wait policy, then OMP_WAIT_POLICY=PASSIVE; ratios against the faster of the two`);
    console.log(formatTable(['config', 'pytorch images/s', 'passive images/s', 'pytorch CPU ms/step', 'passive CPU ms/step', 'maskflow-cpu images/s', 'maskflow-cpu CPU ms/step', 'maskflow-cpu / pytorch', 'by CPU time'], t.results.map((r, i) => {
      const p = t.passive[i]!;
      const best = p.imagesPerSecond > r.imagesPerSecond ? p : r;
      const ours = results.find((m) => m.backend === 'maskflow-cpu' && sameUNetConfig(m, r));
      return [unetConfigName(r), r.imagesPerSecond.toFixed(2), p.imagesPerSecond.toFixed(2), r.cpuMsPerStep.toFixed(0), p.cpuMsPerStep.toFixed(0), ours ? ours.imagesPerSecond.toFixed(2) : '-', ours ? ours.cpuMsPerStep.toFixed(0) : '-',
        ours ? `${(ours.imagesPerSecond / best.imagesPerSecond).toFixed(2)}x` : '-', ours ? `${(best.cpuMsPerStep / ours.cpuMsPerStep).toFixed(2)}x` : '-'];
    })));
  }

  if (roundRows.length > 0) {
    console.log(`\nmaskflow-cpu and PyTorch (the faster wait policy) alternated over ${rounds} rounds: each round's ratio, then the median`);
    console.log(formatTable(['round', 'load', 'config', 'maskflow-cpu images/s', 'maskflow-cpu CPU ms/step', 'pytorch images/s', 'pytorch CPU ms/step', 'ratio', 'by CPU time'],
      roundRows.map((r) => [r.round, r.load.toFixed(2), unetConfigName(r.config), r.ours.toFixed(2), r.oursCpu.toFixed(0), r.torch.toFixed(2), r.torchCpu.toFixed(0), `${(r.ours / r.torch).toFixed(2)}x`, `${(r.torchCpu / r.oursCpu).toFixed(2)}x`])));
    for (const config of configs) {
      const rows = roundRows.filter((r) => sameUNetConfig(r.config, config));
      if (rows.length === 0) continue;
      console.log(`median over rounds, ${unetConfigName(config)}: ${median(rows.map((r) => r.ours / r.torch)).toFixed(2)}x (by CPU time ${median(rows.map((r) => r.torchCpu / r.oursCpu)).toFixed(2)}x)`);
    }
  }

  for (const config of configs) {
    const profiled = results.filter((r) => sameUNetConfig(r, config));
    for (const r of profiled) {
      const total = r.profile.reduce((a, p) => a + p.ms, 0);
      // maskflow-webgpu rows run no profiled step (measureTraining): bench:kernels --step profiles that step by kernel.
      if (total === 0) continue;
      console.log(`\nKernel profile of one step: ${r.backend}, ${unetConfigName(config)} (kernel total ${total.toFixed(0)} ms)`);
      console.log(formatTable(['kernel', 'ms', 'share', 'calls'], r.profile.slice(0, 12).map((p) => [p.kernel, p.ms.toFixed(1), `${((100 * p.ms) / total).toFixed(1)}%`, p.calls])));
    }
  }

  const endToEnd: (EndToEndResult | { kernelThreads: number; pipelineThreads: number; error: string })[] = [];
  if (!args['no-e2e']) {
    const dataDir = mkdtempSync(join(tmpdir(), 'maskflow-bench-train-'));
    try {
      log('end to end: generating a synthetic Carvana set (960x640 JPEG + GIF masks)...');
      await generateSyntheticCarvana({ outDir: dataDir, cars: 6, views: 8, width: 960, height: 640, seed: 3 });
      const e2eSteps = positiveInt('e2e-steps', args['e2e-steps']);
      for (const config of e2eConfigs) {
        for (const split of args['e2e-splits'].split(',')) {
          const [k, p] = split.split(':').map((v) => positiveInt('e2e-splits', v)) as [number, number];
          log(`end to end, ${unetConfigName(config)}: ${k} kernel thread(s), ${p} pipeline worker(s)...`);
          const r = runSplit(dataDir, config, k, p, e2eSteps);
          endToEnd.push(typeof r === 'string' ? { kernelThreads: k, pipelineThreads: p, error: r } : r);
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    console.log('\nEnd to end: maskflow-cpu fed by the pipeline (decode, resize, hue/flip/shift) on the same cores');
    console.log(formatTable(['config', 'kernel threads', 'pipeline workers', 'images/s', 'ms/step', 'ms waiting for data'],
      endToEnd.map((r) => 'error' in r
        ? ['-', r.kernelThreads, r.pipelineThreads, r.error, '-', '-']
        : [unetConfigName(r), r.kernelThreads, r.pipelineThreads, r.imagesPerSecond.toFixed(2), r.msPerStep.toFixed(0), r.msWaitingForData.toFixed(1)])));
    for (const config of e2eConfigs) {
      const best = endToEnd.filter((r): r is EndToEndResult => !('error' in r) && sameUNetConfig(r, config))
        .sort((a, b) => b.imagesPerSecond - a.imagesPerSecond)[0];
      if (best) console.log(`recommended split for ${unetConfigName(config)}: ${best.kernelThreads} kernel thread(s) + ${best.pipelineThreads} pipeline worker(s) (${best.imagesPerSecond.toFixed(2)} images/s)`);
    }
  }
  console.log(`load average at end: ${loadavg()[0]!.toFixed(2)} (other processes share these cores)`);
  if (args.json) {
    const strip = (r: TrainingResult) => ({ ...r, profile: r.profile.slice(0, 20) });
    console.log(JSON.stringify({ results: results.map(strip), rounds: roundRows, backendNotes: Object.fromEntries(backendNotes), pytorch: torch, skipped, endToEnd, loadAverage: { start: loadBefore, end: loadavg()[0] } }));
  }
}

await runBench('bench:train', USAGE, main);
// tfjs-backend-wasm and the loaders may keep handles open; the numbers are printed.
process.exit(process.exitCode ?? 0);
