/**
 * pnpm bench:generalization — trains Maskflow's defaults on a Carvana-format set that Maskflow
 * never generated (SVG cars rendered by sharp, generateSvgCarvana.ts) and reports val Dice (split
 * by car), wall time and load average per preset. Table for people; with --json the last stdout
 * line is one JSON object. Never fails on a number.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable } from '../train/formatTable.js';
import { generateSvgCarvana } from './generateSvgCarvana.js';

const USAGE = `pnpm bench:generalization [--data DIR] [--cars 12] [--seed 1] [--presets cpu,tutorial] [--json] [-- extra train flags]
Without --data, draws --cars cars x 16 views (1918x1280 JPEG + GIF masks) with --seed into a temporary directory.`;

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    cars: { type: 'string', default: '12' },
    seed: { type: 'string', default: '1' },
    presets: { type: 'string', default: 'cpu' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

/** One training run's outcome, read from the run directory's history.json. */
interface RunResult {
  preset: string;
  epochs: number;
  /** Sum of the epochs' own seconds (training + validation), without start-up and the final predictions. */
  epochSeconds: number;
  bestValDice: number;
  lastValDice: number;
  wallSeconds: number;
  loadStart: number;
  loadEnd: number;
  exitCode: number | null;
}

const cli = fileURLToPath(new URL('../../packages/trainer/bin/maskflow.js', import.meta.url));

function trainOnce(dataDir: string, preset: string, out: string, extra: string[]): RunResult {
  const loadStart = loadavg()[0]!;
  const t0 = performance.now();
  const child = spawnSync(process.execPath, [cli, 'train', '--data', dataDir, '--preset', preset, '--out', out, ...extra], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  const history = existsSync(join(out, 'history.json'))
    ? (JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as { valDiceCoeff: number; seconds: number }[])
    : [];
  return {
    preset, epochs: history.length,
    epochSeconds: history.reduce((a, h) => a + h.seconds, 0),
    bestValDice: history.length === 0 ? NaN : Math.max(...history.map((h) => h.valDiceCoeff)),
    lastValDice: history.at(-1)?.valDiceCoeff ?? NaN,
    wallSeconds, loadStart, loadEnd: loadavg()[0]!, exitCode: child.status,
  };
}

async function main(): Promise<void> {
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const cars = Number(args.cars), seed = Number(args.seed);
  if (!Number.isInteger(cars) || cars < 2) throw new RangeError(`--cars: expected an integer >= 2 (a split by car needs two) but received '${args.cars}'.\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new RangeError(`--seed: expected an integer but received '${args.seed}'.\n${USAGE}`);
  const work = mkdtempSync(join(tmpdir(), 'maskflow-generalization-'));
  try {
    let dataDir = args.data === undefined ? undefined : resolve(args.data);
    let made = `--data ${dataDir}`;
    if (dataDir === undefined) {
      dataDir = join(work, 'data');
      process.stderr.write(`drawing ${cars} SVG cars x 16 views (seed ${seed})...\n`);
      const g = await generateSvgCarvana({ outDir: dataDir, cars, seed });
      made = `${g.images} SVG-drawn images (${cars} cars, seed ${seed}) in ${g.seconds.toFixed(0)} s`;
    }
    const results = args.presets.split(',').map((preset) => trainOnce(dataDir, preset, join(work, `run-${preset}`), positionals));
    console.log(`\nMaskflow defaults on unseen data: ${made}; val split by car (load average includes other processes)`);
    console.log(formatTable(['preset', 'extra flags', 'epochs', 'best val Dice', 'last val Dice', 'wall s', 'epochs s', 'load start', 'load end', 'exit'],
      results.map((r) => [r.preset, positionals.join(' ') || '-', r.epochs, r.bestValDice.toFixed(4), r.lastValDice.toFixed(4), r.wallSeconds.toFixed(0), r.epochSeconds.toFixed(0), r.loadStart.toFixed(2), r.loadEnd.toFixed(2), r.exitCode ?? '-'])));
    if (args.json) console.log(JSON.stringify({ data: made, extra: positionals, results }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
