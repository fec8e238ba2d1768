/**
 * pnpm --filter @maskflow/benchmarks exec tsx train/convShapes.ts [SIZExBASExDEPTHxBATCH] [--threads N] [--repeat 5] [--cpu]
 * Times maskflow-cpu's three convolution kernels (forward, input gradient, filter gradient) on
 * every convolution shape of one U-Net training step, so the step profile's convolution share
 * can be read per layer. Table for people; never fails on a number.
 */
import { registerFastCpuBackend } from '@maskflow/kernels';
import * as tf from '@tensorflow/tfjs-core';
import { benchFlagsOrExit } from '../benchCli.js';
import { formatTable } from './formatTable.js';

const USAGE = 'convShapes.ts [SIZExBASExDEPTHxBATCH] [--threads N] [--repeat 5] [--cpu]';

const { values: args, positionals } = benchFlagsOrExit('convShapes', USAGE, { options: { threads: { type: 'string' }, repeat: { type: 'string', default: '5' }, cpu: { type: 'boolean', default: false } }, allowPositionals: true });
const [size, base, depth, batch] = (positionals[0] ?? '128x16x5x4').split('x').map(Number) as [number, number, number, number];
const repeat = Number(args.repeat);

interface Layer { name: string; hw: number; cin: number; cout: number; k: number; stride: number; transposed: boolean }

/** The U-Net's convolutions in step order (buildUNet: encoder, bottleneck, decoder, 1x1 output). */
function layers(): Layer[] {
  const out: Layer[] = [];
  let cin = 3;
  for (let i = 0; i <= depth; i++) {
    const f = base * 2 ** i, hw = size / 2 ** i;
    out.push({ name: `enc${i}a`, hw, cin, cout: f, k: 3, stride: 1, transposed: false });
    out.push({ name: `enc${i}b`, hw, cin: f, cout: f, k: 3, stride: 1, transposed: false });
    cin = f;
  }
  for (let i = depth - 1; i >= 0; i--) {
    const f = base * 2 ** i, hw = size / 2 ** i;
    out.push({ name: `dec${i}up`, hw, cin, cout: f, k: 2, stride: 2, transposed: true });
    out.push({ name: `dec${i}a`, hw, cin: 2 * f, cout: f, k: 3, stride: 1, transposed: false });
    out.push({ name: `dec${i}b`, hw, cin: f, cout: f, k: 3, stride: 1, transposed: false });
    cin = f;
  }
  out.push({ name: 'out1x1', hw: size, cin, cout: 1, k: 1, stride: 1, transposed: false });
  return out;
}

/** Median ms of `repeat` calls: process CPU time (all threads) with --cpu, which other processes' load does not inflate, else wall time. */
function time(fn: () => tf.Tensor): number {
  tf.dispose(fn());
  const ts: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    tf.dispose(fn());
    const c = process.cpuUsage(c0);
    ts.push(args.cpu ? (c.user + c.system) / 1000 : performance.now() - t0);
  }
  return ts.sort((a, b) => a - b)[ts.length >> 1]!;
}

await registerFastCpuBackend({ threads: args.threads === undefined ? undefined : Number(args.threads) });
await tf.setBackend('maskflow-cpu');
const rows: (string | number)[][] = [];
const totals = [0, 0, 0];
for (const l of layers()) {
  // A transposed conv's forward pass is Conv2DBackpropInput of the stride-2 conv from its output grid.
  const inHw = l.transposed ? l.hw / 2 : l.hw, outHw = l.transposed ? l.hw : l.hw / l.stride;
  const x = tf.randomUniform([batch, inHw, inHw, l.cin], -1, 1);
  const w = tf.randomUniform(l.transposed ? [l.k, l.k, l.cout, l.cin] : [l.k, l.k, l.cin, l.cout], -1, 1);
  const dy = tf.randomUniform([batch, outHw, outHw, l.cout], -1, 1);
  let fwd: number, bInput: number, bFilter: number;
  if (l.transposed) {
    const shape: [number, number, number, number] = [batch, outHw, outHw, l.cout];
    fwd = time(() => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, shape, 2, 'same'));
    bInput = time(() => tf.conv2d(dy as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'));
    bFilter = time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: dy, dy: x }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: w.shape }) as tf.Tensor);
  } else {
    fwd = time(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'));
    bInput = l.name === 'enc0a' ? 0 : time(() => tf.conv2dTranspose(dy as tf.Tensor4D, w as tf.Tensor4D, x.shape as [number, number, number, number], 1, 'same'));
    bFilter = time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: w.shape }) as tf.Tensor);
  }
  tf.dispose([x, w, dy]);
  const px = l.transposed ? inHw : outHw;
  const gflop = (2 * batch * px * px * l.k * l.k * l.cin * l.cout) / 1e9 * (l.transposed ? 1 : 1);
  totals[0]! += fwd; totals[1]! += bInput; totals[2]! += bFilter;
  const rate = (ms: number) => (ms > 0 ? (gflop / (ms / 1000)).toFixed(1) : '-');
  rows.push([l.name, `${l.hw}x${l.hw} ${l.cin}->${l.cout} k${l.k}${l.transposed ? ' T' : ''}`, fwd.toFixed(2), rate(fwd), bInput.toFixed(2), rate(bInput), bFilter.toFixed(2), rate(bFilter)]);
}
rows.push(['total', '', totals[0]!.toFixed(1), '', totals[1]!.toFixed(1), '', totals[2]!.toFixed(1), '']);
console.log(`Convolutions of a ${size}x${size} base-${base} depth-${depth} batch-${batch} U-Net step on maskflow-cpu (median of ${repeat}, ${args.cpu ? 'process CPU ms' : 'wall ms'})`);
console.log(formatTable(['layer', 'shape', 'forward ms', 'GFLOP/s', 'input grad ms', 'GFLOP/s', 'filter grad ms', 'GFLOP/s'], rows));
process.exit(0);
