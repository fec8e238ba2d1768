/**
 * pnpm bench:generalization — trains Maskflow's defaults on a Carvana-format set that Maskflow
 * never generated (SVG cars rendered by sharp, generateSvgCarvana.ts, raster-drawn shapes,
 * generateRasterCarvana.ts, 3-D mesh cars, generateMeshCarvana.ts, or other people's car drawings
 * on photographs, generateClipartCarvana.ts) and reports val Dice (split
 * by car), wall time and load average per preset. Table for people; with --json the last stdout
 * line is one JSON object. Never fails on a number.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchUsageError, benchFlagsOrExit, checkKnownNames, runBench } from '../benchCli.js';
import { formatTable } from '../train/formatTable.js';
import type { EvaluateResult, GroupDice } from '@maskflow/trainer';
import { generateClipartCarvana } from './generateClipartCarvana.js';
import { generateMeshCarvana } from './generateMeshCarvana.js';
import { generateRasterCarvana } from './generateRasterCarvana.js';
import { generateSvgCarvana } from './generateSvgCarvana.js';
import { carsWorstFirst, parseFolds, parseSplitSeeds, splitRuns, summarizeSplits, type SplitRun } from './splitSeeds.js';

/** The set generators --generator chooses from: how each draws, and the function. */
const GENERATORS = {
  svg: { what: 'SVG cars', generate: generateSvgCarvana },
  raster: { what: 'raster-drawn shapes', generate: generateRasterCarvana },
  mesh: { what: '3-D mesh cars', generate: generateMeshCarvana },
  clipart: { what: 'clip-art cars on photographs', generate: generateClipartCarvana },
} as const;

const USAGE = `pnpm bench:generalization [--data DIR] [--generator svg|raster|mesh|clipart] [--clipart-dir DIR] [--backgrounds-dir DIR] [--cars 12] [--seed 1] [--presets cpu,tutorial] [--split-seeds 1,2,3] [--folds 6] [--keep] [--json] [-- extra train flags]
Without --data, draws --cars cars x 16 views (1918x1280 JPEG + GIF masks) with --seed into a temporary directory:
SVG cars (svg, the default; the CPU preset was tuned on this generator's seeds 1, 3 and 7), raster-drawn shapes (raster)
or low-polygon 3-D cars on a turntable (mesh, written after the preset's last change), or car drawings
made by people outside the project on photographs (clipart: Debian's openclipart-png and mate-backgrounds, whose folders
--clipart-dir and --backgrounds-dir replace; 15 drawings, so --cars 15 at most).
--split-seeds trains each preset once per train/val split (the trainer's --split-seed: other held-out cars, the same weights
and draws) and prints the medians: with two val cars, one split moves val Dice more than most settings do.
--folds N trains each preset once per fold of N-fold cross-validation by car (the trainer's --fold K/N: every car is held out
once) and prints the mean over the folds; with --split-seeds, the N folds of each seed's shuffle.
--keep leaves that directory (data and run-<preset>[-split-N][-fold-K]/ with history.json, curves, best/) in place and prints its path.`;

/** The trainer's --preset choices a run can be made with. */
const PRESETS = ['cpu', 'tutorial', 'auto'];

const { values: args, positionals } = benchFlagsOrExit('bench:generalization', USAGE, {
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    generator: { type: 'string', default: 'svg' },
    'clipart-dir': { type: 'string' },
    'backgrounds-dir': { type: 'string' },
    cars: { type: 'string', default: '12' },
    seed: { type: 'string', default: '1' },
    presets: { type: 'string', default: 'cpu' },
    'split-seeds': { type: 'string' },
    folds: { type: 'string' },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

/** One training run's outcome, read from the run directory's history.json. */
interface RunResult {
  preset: string;
  /** Which split this run held out: its --split-seed (--split-seeds) and fold (--folds), or null for the trainer's own split. */
  split: string | null;
  epochs: number;
  /** Sum of the epochs' own seconds (training + validation), without start-up and the final predictions. */
  epochSeconds: number;
  bestValDice: number;
  lastValDice: number;
  /** Median seconds of one epoch. */
  medianEpochSeconds: number;
  /** The Kaggle score of best/ on the val split: mean over images of the thresholded mask's Dice (maskflow evaluate). */
  bestImageDice: number;
  /** The same score at each image's own size (1918x1280), from `maskflow evaluate --full-size` (guided upsampling, predict's default). */
  bestFullSizeDice: number;
  /** bestFullSizeDice per val car (the mean of each held-out car's images), worst first. */
  byCar: GroupDice[];
  wallSeconds: number;
  loadStart: number;
  loadEnd: number;
  /** Mean and highest 1-minute load average, sampled every 10 s during the run. */
  loadMean: number;
  loadMax: number;
  exitCode: number | null;
}

const cli = fileURLToPath(new URL('../../packages/trainer/bin/maskflow.js', import.meta.url));

async function trainOnce(dataDir: string, preset: string, split: SplitRun, out: string, extra: string[]): Promise<RunResult> {
  const loadStart = loadavg()[0]!;
  const loads = [loadStart];
  const sampler = setInterval(() => loads.push(loadavg()[0]!), 10_000);
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, 'train', '--data', dataDir, '--preset', preset, '--out', out, ...split.flags, ...extra], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
  });
  const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const wallSeconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const loadEnd = loadavg()[0]!;
  loads.push(loadEnd);
  const history = existsSync(join(out, 'history.json'))
    ? (JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as { valDiceCoeff: number; seconds: number }[])
    : [];
  const seconds = history.map((h) => h.seconds).sort((a, b) => a - b);
  const scored = existsSync(join(out, 'best')) ? evaluateBest(out) : undefined;
  return {
    preset, split: split.label, epochs: history.length,
    epochSeconds: history.reduce((a, h) => a + h.seconds, 0),
    medianEpochSeconds: seconds.length === 0 ? NaN : seconds[Math.floor(seconds.length / 2)]!,
    bestValDice: history.length === 0 ? NaN : Math.max(...history.map((h) => h.valDiceCoeff)),
    lastValDice: history.at(-1)?.valDiceCoeff ?? NaN,
    bestImageDice: scored?.imageDice ?? NaN,
    bestFullSizeDice: scored?.fullSize?.imageDice ?? NaN,
    byCar: scored?.fullSize?.byGroup ?? [],
    wallSeconds, loadStart, loadEnd,
    loadMean: loads.reduce((a, b) => a + b, 0) / loads.length,
    loadMax: Math.max(...loads),
    exitCode,
  };
}

/** "09115e 0.951 / 350491 0.803": each val car's id (its first 6 characters) and full-size Dice. */
function formatByCar(byCar: readonly GroupDice[]): string {
  return byCar.length === 0 ? '-' : byCar.map((c) => `${c.group.slice(0, 6)} ${c.dice.toFixed(3)}`).join(' / ');
}

/**
 * `maskflow evaluate --full-size --json` on the run's best/ and its val split: the thresholded
 * (Kaggle) Dice at the training size, and at each image's own size overall and per val car.
 * A failure is printed and the table shows NaN.
 */
function evaluateBest(out: string): EvaluateResult | undefined {
  const child = spawnSync(process.execPath, [cli, 'evaluate', '--model', out, '--full-size', '--json'], { encoding: 'utf8', env: { ...process.env, MALLOC_ARENA_MAX: '2' } });
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as EvaluateResult;
  } catch (error) {
    process.stderr.write(`maskflow evaluate on ${out} gave no JSON line (${(error as Error).message}): ${child.stderr.slice(-500)}\n`);
    return undefined;
  }
}

async function main(): Promise<void> {
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const cars = Number(args.cars), seed = Number(args.seed);
  if (!Number.isInteger(cars) || cars < 2) throw new BenchUsageError(`--cars: expected an integer >= 2 (a split by car needs two) but received '${args.cars}'`);
  if (!Number.isInteger(seed)) throw new BenchUsageError(`--seed: expected an integer but received '${args.seed}'`);
  if (!Object.hasOwn(GENERATORS, args.generator)) throw new BenchUsageError(`--generator: expected svg, raster, mesh or clipart but received '${args.generator}'`);
  const generator = GENERATORS[args.generator as keyof typeof GENERATORS];
  const presets = args.presets.split(',').map((p) => p.trim());
  checkKnownNames('presets', 'preset', presets, PRESETS);
  if (args.data !== undefined && !existsSync(args.data)) throw new BenchUsageError(`--data: ${resolve(args.data)} does not exist; pass a Carvana-format folder, or leave --data out to draw one`);
  const splits = splitRuns(parseSplitSeeds(args['split-seeds'], positionals), parseFolds(args.folds, positionals));
  const work = mkdtempSync(join(tmpdir(), 'maskflow-generalization-'));
  try {
    let dataDir = args.data === undefined ? undefined : resolve(args.data);
    let made = `--data ${dataDir}`;
    if (dataDir === undefined) {
      dataDir = join(work, 'data');
      process.stderr.write(`drawing ${cars} ${generator.what} x 16 views (seed ${seed})...\n`);
      const g = await generator.generate({ outDir: dataDir, cars, seed, clipartDir: args['clipart-dir'], backgroundsDir: args['backgrounds-dir'] });
      made = `${g.images} images of ${generator.what} (${cars} objects, seed ${seed}) in ${g.seconds.toFixed(0)} s`;
    }
    const results: RunResult[] = [];
    for (const preset of presets) {
      for (const split of splits) {
        results.push(await trainOnce(dataDir, preset, split, join(work, `run-${preset}${split.suffix}`), positionals));
      }
    }
    console.log(`\nMaskflow defaults on unseen data: ${made}; val split by car (load average includes other processes)`);
    console.log(formatTable(['preset', 'split', 'extra flags', 'epochs', 'best val Dice', 'last val Dice', 'best/ Kaggle Dice', 'full-size Kaggle Dice', 'full-size by val car', 'wall s', 'epochs s', 's/epoch (median)', 'load mean', 'load max', 'exit'],
      results.map((r) => [r.preset, r.split ?? '-', positionals.join(' ') || '-', r.epochs, r.bestValDice.toFixed(4), r.lastValDice.toFixed(4), r.bestImageDice.toFixed(4), r.bestFullSizeDice.toFixed(4), formatByCar(r.byCar), r.wallSeconds.toFixed(0), r.epochSeconds.toFixed(0), r.medianEpochSeconds.toFixed(1), r.loadMean.toFixed(2), r.loadMax.toFixed(2), r.exitCode ?? '-'])));
    console.log('val Dice: soft Dice of the probabilities at the training size (what training reports); Kaggle Dice: mean over val images of the thresholded mask\'s Dice, at the training size and at the image\'s own size (the masks `maskflow predict` writes: guided upsampling); by val car: the first six characters of each held-out car\'s id and the mean full-size Dice of its images');
    const summaries = splits.length > 1 ? summarizeSplits(results) : [];
    for (const m of summaries) {
      console.log(`${m.preset} over ${m.splits} split(s): mean last val Dice ${m.meanLastValDice.toFixed(4)}, mean full-size Kaggle Dice ${m.meanFullSizeDice.toFixed(4)}; median last val Dice ${m.medianLastValDice.toFixed(4)} (lowest ${m.lowestLastValDice.toFixed(4)}, highest ${m.highestLastValDice.toFixed(4)}), median full-size Kaggle Dice ${m.medianFullSizeDice.toFixed(4)}`);
    }
    if (args.folds !== undefined) {
      for (const preset of presets) {
        const cars = carsWorstFirst(results, preset);
        const passing = cars.filter((c) => c.dice >= 0.95).length;
        console.log(`${preset}, every held-out car (full-size Kaggle Dice of best/, worst first; ${passing} of ${cars.length} at 0.95 or more): ${formatByCar(cars).replaceAll(' / ', ', ')}`);
      }
    }
    if (args.json) console.log(JSON.stringify({ data: made, extra: positionals, results, ...(summaries.length > 0 ? { splits: summaries } : {}) }));
  } finally {
    if (args.keep) process.stderr.write(`kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

await runBench('bench:generalization', USAGE, main);
