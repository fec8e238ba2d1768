/**
 * pnpm bench:kernels — tfjs-backend-webgpu's stock convolution kernels vs Maskflow's WGSL ones, on
 * the same maskflow-webgpu device, at every FusedConv2D / Conv2DBackpropFilter / Conv2DBackpropInput shape of one
 * U-Net training step; then the fused training ops (Adam over every variable, the batch-norm
 * gradient and the training batch norm at every batch-norm shape) against tfjs' own composition. Table for people, then one
 * JSON line. On a software adapter (lavapipe) the times are CPU times: read the ratio only. Never
 * fails on a number.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { initBackend, releaseBackend } from '@maskflow/model';
import { BenchUsageError, benchFlagsOrExit, runBench } from '../benchCli.js';
import { ADAM_KERNEL, BATCH_NORM_GRAD_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, MASKFLOW_WEBGPU_KERNELS, MEAN_GRAD_KERNEL, RELU_GRAD_KERNEL, SQUARE_GRAD_KERNEL, WEBGPU_BACKEND, convGradientPlan, formatAdapter, registerWebGpuBackend, stockKernel } from '@maskflow/webgpu';
import { fusedTrainingRows, type FusedRow } from './fusedTrainingOps.js';
import { drainQueue, profileStep, withStockKernels, type StepProfile } from './profileStep.js';
import { unetConvCalls, type KernelCall } from './unetConvShapes.js';

const USAGE = `pnpm bench:kernels [--config 128x16x5x4] [--reps 3] [--stock-rep-limit-ms 1500] [--only LAYER] [--step] [--no-convs]
config is SIZExBASExDEPTHxBATCH. Each kernel runs once to compile, then --reps timed runs (median);
a stock kernel whose warm-up took over --stock-rep-limit-ms is timed once. --only keeps the calls whose layer names contain LAYER.
--step also profiles one whole training step by kernel (each distinct call replayed alone), stock kernels and Maskflow's.
--no-convs skips the convolution rows (the fused training-op rows and --step still run).`;

const { values: args } = benchFlagsOrExit('bench:kernels', USAGE, {
  options: {
    config: { type: 'string', default: '128x16x5x4' },
    reps: { type: 'string', default: '3' },
    'stock-rep-limit-ms': { type: 'string', default: '1500' },
    only: { type: 'string' },
    step: { type: 'boolean', default: false },
    'no-convs': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BenchUsageError(`--${name}: expected a positive integer but received '${value}'`);
  return n;
}

type Impl = (args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap }) => tf.TensorInfo | tf.TensorInfo[];

/** Run `impl` once and wait until the device queue is empty; returns wall ms and the output. */
async function timed(backend: WebGPUBackend, impl: Impl, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): Promise<{ ms: number; out: tf.TensorInfo }> {
  const t0 = performance.now();
  const out = impl({ inputs, backend, attrs }) as tf.TensorInfo;
  await drainQueue(backend);
  return { ms: performance.now() - t0, out };
}

interface Row {
  kernel: string;
  layers: string[];
  shapes: string;
  /** What ran as 'maskflow': the program family, or 'stock' where Maskflow leaves the call to tfjs-backend-webgpu. */
  plan: string;
  stockMs: number;
  maskflowMs: number;
  speedup: number;
  maxAbsDiff: number;
}

async function measure(backend: WebGPUBackend, call: KernelCall, reps: number, stockLimitMs: number): Promise<Row> {
  const inputs: tf.NamedTensorMap = {};
  for (const [name, shape] of Object.entries(call.inputs)) inputs[name] = tf.randomUniform(shape, -1, 1);
  const attrs = call.attrs as unknown as tf.NamedAttrMap;
  const ours = MASKFLOW_WEBGPU_KERNELS.find((k) => k.kernelName === call.kernel);
  if (ours === undefined) throw new Error(`no Maskflow kernel for ${call.kernel}`);
  const result = async (impl: Impl, limitMs: number): Promise<{ ms: number; values: Float32Array }> => {
    const warm = await timed(backend, impl, inputs, attrs);
    const values = (await backend.read(warm.out.dataId)) as Float32Array;
    backend.disposeData(warm.out.dataId);
    const times: number[] = [];
    for (let i = 0; i < (warm.ms > limitMs ? 1 : reps); i++) {
      const { ms, out } = await timed(backend, impl, inputs, attrs);
      backend.disposeData(out.dataId);
      times.push(ms);
    }
    return { ms: Math.min(...times), values };
  };
  const stock = await result(stockKernel(call.kernel) as Impl, stockLimitMs);
  const mine = await result(ours.kernelFunc as Impl, Infinity);
  tf.dispose(Object.values(inputs));
  let maxAbsDiff = 0;
  stock.values.forEach((v, i) => {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - mine.values[i]!));
  });
  const shapes = Object.entries(call.inputs)
    .map(([n, s]) => `${n} ${s.join('x')}`)
    .join(', ');
  const plan = convGradientPlan({ kernelName: call.kernel, ...call.inputs, ...call.attrs }, backend);
  return { kernel: call.kernel, layers: call.layers, shapes, plan, stockMs: stock.ms, maskflowMs: mine.ms, speedup: stock.ms / mine.ms, maxAbsDiff };
}

function table(rows: Row[]): string {
  const head = ['kernel', 'layers', 'shapes', 'maskflow program', 'stock ms', 'maskflow ms', 'stock/maskflow', 'max |diff|'];
  const body = rows.map((r) => [
    r.kernel.replace('Conv2DBackprop', 'BP'),
    r.layers.join(' + '),
    r.shapes,
    r.plan,
    r.stockMs.toFixed(1),
    r.maskflowMs.toFixed(1),
    `${r.speedup.toFixed(1)}x`,
    r.maxAbsDiff.toExponential(1),
  ]);
  const all = [head, ...body];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

function fusedTable(rows: FusedRow[]): string {
  const head = ['op', 'layers', 'shapes', 'stock ms', 'maskflow ms', 'stock/maskflow', 'max |diff|'];
  const body = rows.map((r) => [r.op, r.layers.join(' + '), r.shapes, r.stockMs.toFixed(1), r.maskflowMs.toFixed(1), `${r.speedup.toFixed(1)}x`, r.maxAbsDiff.toExponential(1)]);
  const all = [head, ...body];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

/** The --step profiles: every kernel stock; Maskflow's kernels without the fused training ones (Adam, batch-norm gradient); all of Maskflow's. */
interface StepProfiles {
  stock: StepProfile;
  unfused: StepProfile;
  maskflow: StepProfile;
}

/** One training step by kernel under each profile, largest (stock) first, then the kernels only Maskflow has. */
function stepTable(step: StepProfiles): string {
  const total = (p: StepProfile): number => p.kernels.reduce((a, k) => a + k.ms, 0);
  const columns: [string, StepProfile][] = [
    ['stock', step.stock],
    ['no fused', step.unfused],
    ['maskflow', step.maskflow],
  ];
  const byName = columns.map(([, p]) => new Map(p.kernels.map((k) => [k.kernel, k])));
  const names = [...step.stock.kernels.slice(0, 16).map((k) => k.kernel), ...step.maskflow.kernels.filter((k) => !byName[0]!.has(k.kernel)).map((k) => k.kernel)];
  const rows = names.map((name) => [
    name,
    ...byName.flatMap((m, i) => {
      const k = m.get(name);
      const share = k === undefined ? '-' : `${((100 * k.ms) / total(columns[i]![1])).toFixed(1)}%`;
      return k === undefined ? ['-', '-', '-'] : [String(k.calls), k.ms.toFixed(0), share];
    }),
  ]);
  const head = ['kernel', ...columns.flatMap(([label]) => [`${label} calls`, `${label} ms`, 'share'])];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return [
    `one training step, kernels replayed one by one (sum; step wall in brackets) — ${columns.map(([label, p]) => `${label}: ${total(p).toFixed(0)} ms (${p.stepMs.toFixed(0)} ms)`).join(', ')}`,
    "('no fused': Maskflow's kernels with every fused training kernel (Adam, batch norm in training and its gradient, the FusedBatchNorm, Mean, Square and Relu gradients) unregistered, so tfjs composes them)",
    ...all.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')),
  ].join('\n');
}

async function main(): Promise<void> {
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const parts = args.config.split('x').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 1)) {
    throw new BenchUsageError(`--config: expected SIZExBASExDEPTHxBATCH such as 128x16x5x4 but received '${args.config}'`);
  }
  const [size, baseFilters, depth, batch] = parts as [number, number, number, number];
  const reps = positiveInt('reps', args.reps);
  const stockLimitMs = positiveInt('stock-rep-limit-ms', args['stock-rep-limit-ms']);
  // initBackend also installs @maskflow/kernels' hooks (FusedAdamOptimizer as 'Adam', the gradients of
  // batch norm, Mean, Square and Relu) that reach the fused kernels; registerWebGpuBackend then returns
  // the same registration.
  await initBackend({ prefer: 'webgpu' });
  const info = await registerWebGpuBackend();
  await tf.setBackend(WEBGPU_BACKEND);
  const backend = tf.backend() as WebGPUBackend;
  const note = info.adapter.software ? 'software adapter, ratio only' : 'hardware adapter';
  const loadBefore = loadavg()[0]!;
  const rows: Row[] = [];
  let fused: FusedRow[] = [];
  let step: StepProfiles | undefined;
  const out = process.stdout;
  out.write(`bench:kernels — U-Net ${size}x${size} base ${baseFilters} depth ${depth} batch ${batch}, one training step's convolution calls (forward, filter and input gradients)\n`);
  out.write(`adapter: ${formatAdapter(info.adapter)} (${note})\n`);
  // Each part is printed when it ends, and says how long it took on stderr, so that a run cut short by
  // a time limit (a lent GPU) still leaves what it measured and where the time went.
  const part = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await run();
    process.stderr.write(`[bench:kernels] ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return result;
  };
  try {
    if (args.step) {
      const profile = (): Promise<StepProfile> => profileStep(size, baseFilters, depth, batch);
      const maskflow = await part('step profile, maskflow', profile);
      const unfused = await part('step profile, no fused', () =>
        withStockKernels([ADAM_KERNEL, BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_GRAD_KERNEL, MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL, RELU_GRAD_KERNEL], profile),
      );
      const stock = await part('step profile, stock', () => withStockKernels(info.replacedKernels, profile));
      step = { stock, unfused, maskflow };
      out.write(`\n${stepTable(step)}\n`);
    }
    const calls = (args['no-convs'] ? [] : unetConvCalls({ size, baseFilters, depth, batch })).filter((c) => args.only === undefined || c.layers.some((l) => l.includes(args.only!)));
    await part(`${calls.length} convolution rows`, async () => {
      for (const call of calls) rows.push(await measure(backend, call, reps, stockLimitMs));
    });
    fused = await part('fused training ops', () => fusedTrainingRows(backend, { size, baseFilters, depth, batch }, reps));
  } finally {
    await tf.setBackend('cpu').catch(() => false);
    await releaseBackend();
  }
  const weight = (r: Row, key: 'stockMs' | 'maskflowMs'): number => r[key] * r.layers.length;
  const stockTotal = rows.reduce((s, r) => s + weight(r, 'stockMs'), 0);
  const maskflowTotal = rows.reduce((s, r) => s + weight(r, 'maskflowMs'), 0);
  const loadAfter = loadavg()[0]!;
  out.write(`\nload average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after\n\n`);
  if (rows.length > 0) {
    out.write(`${table(rows)}\n\n`);
    out.write(`step total (each row x its layers): stock ${stockTotal.toFixed(0)} ms, maskflow ${maskflowTotal.toFixed(0)} ms, ${(stockTotal / maskflowTotal).toFixed(1)}x\n`);
    const own = rows.filter((r) => r.plan !== 'stock');
    const beaten = own.filter((r) => r.speedup > 1).length;
    out.write(`maskflow faster on ${beaten} of the ${own.length} shapes its own programs run (${rows.length - own.length} left to stock)${info.adapter.software ? ' (software adapter: the ratio shows the tiling, not GPU speed)' : ''}\n`);
  }
  // Rows that replace other rows' ops (the training batch norm supersedes the gradient rows) would count the same work twice.
  const counted = fused.filter((r) => r.supersedes === undefined);
  const fusedStock = counted.reduce((a, r) => a + r.stockMs * r.perStep, 0);
  const fusedMine = counted.reduce((a, r) => a + r.maskflowMs * r.perStep, 0);
  out.write(`\nfused training ops (stock: tfjs' own composition on the same device)\n${fusedTable(fused)}\n`);
  out.write(`fused ops total per step (each row x its calls per step, rows that supersede others left out): stock ${fusedStock.toFixed(0)} ms, maskflow ${fusedMine.toFixed(0)} ms, ${(fusedStock / fusedMine).toFixed(1)}x\n`);
  out.write(
    `${JSON.stringify({ bench: 'kernels', step, config: { size, baseFilters, depth, batch }, adapter: info.adapter, note, reps, loadavg: { before: loadBefore, after: loadAfter }, rows, fused, stockTotalMs: stockTotal, maskflowTotalMs: maskflowTotal })}\n`,
  );
}

await runBench('bench:kernels', USAGE, main);
