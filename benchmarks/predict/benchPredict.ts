/**
 * pnpm bench:predict — today's per-image `predict()` against the batched `predictFolder()` on the
 * same 1918x1280 JPEGs with the CPU preset model (trainer's CPU_PRESET: its size, MobileNetV2 encoder, base 8; trained for
 * --train-epochs on synthetic cars so that masks, and so RLE rows, look like a car's; 0: untrained
 * and seeded, whose noisy masks make rows ~100x longer), and the batch path's peak RSS for a small
 * and a large input count. Each run is its own process. The batch path runs with the default guided
 * upsampling, and once more (csv only) with --upsample bilinear, to show what the guide costs.
 *
 *   pnpm bench:predict [--images 96] [--rss-counts 200,2000] [--unique 200] [--batch-size 8] [--threads 2] [--train-epochs 8] [--model DIR] [--json]
 */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticCarvana } from '@maskflow/datasets';
import { buildUNet, initBackend, saveModel } from '@maskflow/model';
import { CPU_PRESET, train } from '@maskflow/trainer';
import { benchFlagsOrExit } from '../benchCli.js';
import { formatTable } from '../train/formatTable.js';

const USAGE = 'pnpm bench:predict [--images 96] [--rss-counts 200,2000] [--unique 200] [--batch-size 8] [--threads 2] [--train-epochs 8] [--model DIR] [--json]';

const { values } = benchFlagsOrExit('bench:predict', USAGE, {
  options: {
    images: { type: 'string', default: '96' },
    'train-epochs': { type: 'string', default: '8' },
    model: { type: 'string' },
    'rss-counts': { type: 'string', default: '200,2000' },
    unique: { type: 'string', default: '200' },
    'batch-size': { type: 'string', default: '8' },
    threads: { type: 'string', default: String(availableParallelism()) },
    json: { type: 'boolean', default: false },
  },
});
const speedImages = Number(values.images);
const rssCounts = String(values['rss-counts']).split(',').map(Number);
const unique = Math.max(speedImages, Number(values.unique));
const batchSize = Number(values['batch-size']);
const threads = Number(values.threads);

interface Measured {
  images: number;
  seconds: number;
  imagesPerSecond: number;
  peakRssBytes: number;
  cpuSeconds: number;
  csvBytesPerRow: number;
  /** predictFolder's stage timings (batch path only). */
  timings?: { decodeMs: number; modelMs: number; finishMs: number; waitMs: number };
}

const root = mkdtempSync(join(tmpdir(), 'maskflow-bench-predict-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const log = (line: string): void => void process.stderr.write(`${line}\n`);

// Images: `unique` distinct synthetic Carvana views; bigger counts are hard links under new names
// (decode work is the same per image; only the names differ).
log(`generating ${unique} synthetic 1918x1280 JPEGs...`);
const data = join(root, 'data');
await generateSyntheticCarvana({ outDir: data, cars: Math.ceil(unique / 16), views: 16, width: 1918, height: 1280, seed: 5 });
const sources = readdirSync(join(data, 'train')).sort().slice(0, unique).map((f) => join(data, 'train', f));
function folderOf(count: number): string {
  const dir = join(root, `in-${count}`);
  mkdirSync(dir);
  for (let i = 0; i < count; i++) linkSync(sources[i % sources.length] as string, join(dir, `img_${String(i).padStart(6, '0')}.jpg`));
  return dir;
}

const trainEpochs = Number(values['train-epochs']);
const [presetH, presetW] = CPU_PRESET.size ?? [96, 96];
/** The CPU preset's U-Net, as the trainer builds it. */
const presetUNet = { inputSize: [presetH, presetW] as [number, number], encoder: CPU_PRESET.encoder, baseFilters: CPU_PRESET.baseFilters, depth: CPU_PRESET.depth, maxFilters: CPU_PRESET.maxFilters };
const presetName = `${presetH}x${presetW}, ${presetUNet.encoder === 'mobilenet_v2' ? 'MobileNetV2 encoder, decoder ' : ''}base ${presetUNet.baseFilters}${presetUNet.maxFilters ? ` (at most ${presetUNet.maxFilters})` : ''}${presetUNet.depth === undefined ? '' : `, depth ${presetUNet.depth}`}`;
let model: string;
let modelNote: string;
if (values.model !== undefined) {
  model = values.model;
  modelNote = `model ${model}`;
} else if (trainEpochs > 0) {
  log(`training the CPU preset model for ${trainEpochs} epochs on 12 synthetic cars...`);
  const run = join(root, 'run');
  const summary = await train({ preset: 'cpu', epochs: trainEpochs, earlyStop: 0, syntheticCars: 12, out: run });
  model = join(run, 'best');
  modelNote = `CPU preset model (${presetName}) trained ${trainEpochs} epochs, val Dice ${summary.bestValDice.toFixed(3)}`;
} else {
  await initBackend({ prefer: 'auto' });
  model = join(root, 'model', 'best');
  const unet = buildUNet({ ...presetUNet, seed: 1, batchNormMomentum: CPU_PRESET.bnMomentum ?? 0.9 });
  await saveModel(unet, model, { includeOptimizer: false });
  unet.dispose();
  modelNote = `CPU preset model (${presetName}) untrained, seeded`;
}

function measure(path: 'per-image' | 'batch', input: string, masks: boolean, upsample: 'guided' | 'bilinear' = 'guided'): Measured {
  const out = mkdtempSync(join(root, 'out-'));
  const job = { path, model, inputs: [input], out, masks, batchSize, threads, upsample };
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', new URL('./runPredict.ts', import.meta.url).pathname, JSON.stringify(job)], {
    encoding: 'utf8',
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
    maxBuffer: 1 << 24,
  });
  rmSync(out, { recursive: true, force: true });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as Measured;
}

const speedFolder = folderOf(speedImages);
const load = [loadavg()[0] as number];
log(`per-image predict() on ${speedImages} images...`);
const perImage = measure('per-image', speedFolder, true);
log(`predictFolder() with mask PNGs...`);
const batchPng = measure('batch', speedFolder, true);
log(`predictFolder() csv only...`);
const batchCsv = measure('batch', speedFolder, false);
log(`predictFolder() csv only, bilinear upsampling...`);
const batchBilinear = measure('batch', speedFolder, false, 'bilinear');
load.push(loadavg()[0] as number);
const rss = rssCounts.map((count) => {
  log(`predictFolder() csv only on ${count} images (peak RSS)...`);
  return { count, ...measure('batch', folderOf(count), false) };
});
load.push(loadavg()[0] as number);

const mib = (b: number): string => (b / 2 ** 20).toFixed(0);
const row = (name: string, m: Measured): (string | number)[] => [name, m.images, m.imagesPerSecond.toFixed(2), `${(m.imagesPerSecond / perImage.imagesPerSecond).toFixed(2)}x`, m.cpuSeconds.toFixed(1), mib(m.peakRssBytes), Math.round(m.csvBytesPerRow)];
process.stdout.write(
  `\nPrediction on 1918x1280 JPEGs, ${modelNote}, ${availableParallelism()} cores, batch ${batchSize}, ${threads} threads; load average ${load.map((l) => l.toFixed(2)).join(' -> ')}\n\n` +
    formatTable(['path', 'images', 'images/s', 'vs per-image', 'CPU s', 'peak RSS MiB', 'csv bytes/row'], [
      row('per-image predict() (mask PNG + csv)', perImage),
      row('predictFolder() mask PNG + csv', batchPng),
      row('predictFolder() csv only', batchCsv),
      row('predictFolder() csv only, --upsample bilinear', batchBilinear),
    ]) +
    '\n\n' +
    formatTable(
      ['batch path, ms per image', 'decode (workers)', 'model (main)', 'mask+RLE (workers)', 'main waits for decode'],
      [batchPng, batchCsv, batchBilinear].map((m, i) => {
        const t = m.timings ?? { decodeMs: 0, modelMs: 0, finishMs: 0, waitMs: 0 };
        return [['mask PNG + csv', 'csv only', 'csv only, bilinear'][i] as string, ...[t.decodeMs, t.modelMs, t.finishMs, t.waitMs].map((ms) => (ms / m.images).toFixed(1))];
      }),
    ) +
    '\n\n' +
    formatTable(['inputs', 'images/s', 'peak RSS MiB'], rss.map((r) => [r.count, r.imagesPerSecond.toFixed(2), mib(r.peakRssBytes)])) +
    '\n',
);
if (values.json) {
  process.stdout.write(`${JSON.stringify({ model: modelNote, cores: availableParallelism(), batchSize, threads, loadAverage: load, speedImages, perImage, batchPng, batchCsv, batchBilinear, speedupCsv: batchCsv.imagesPerSecond / perImage.imagesPerSecond, speedupPng: batchPng.imagesPerSecond / perImage.imagesPerSecond, rss })}\n`);
}
