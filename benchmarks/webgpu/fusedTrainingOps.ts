/**
 * bench:kernels rows for the fused training kernels: Adam over every U-Net variable (tf.train.adam's
 * 13 elementwise kernels per variable vs FusedAdamOptimizer's one MaskflowAdam dispatch) and the
 * FusedBatchNorm gradient at every batch-norm shape of the step (tfjs-core's composition vs
 * MaskflowBatchNormGrad), and at the same shapes the gradients of tf.moments (two Means, one Square)
 * and of the ReLU after each batch norm (vs MaskflowMeanGrad, MaskflowSquareGrad, MaskflowReluGrad),
 * and a training batch norm's forward and backward (tf.moments + tf.batchNorm and their tf.grads vs
 * MaskflowBatchNormTrain + MaskflowBatchNormTrainGrad), on the same maskflow-webgpu device.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { FusedAdamOptimizer } from '@maskflow/kernels';
import { buildUNet } from '@maskflow/model';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, MEAN_GRAD_KERNEL, RELU_GRAD_KERNEL, SQUARE_GRAD_KERNEL, WEBGPU_BACKEND } from '@maskflow/webgpu';
import { drainQueue } from './profileStep.js';
import type { UNetShape } from './unetConvShapes.js';

/** One stock-vs-Maskflow row of a fused training op. */
export interface FusedRow {
  op: string;
  layers: string[];
  /** How many times a training step runs this row. */
  perStep: number;
  shapes: string;
  stockMs: number;
  maskflowMs: number;
  speedup: number;
  maxAbsDiff: number;
  /** Ops of other rows that this row's kernels replace in a step: set, the row is left out of the per-step total. */
  supersedes?: string[];
}

/** Input shapes of the step's batch norms (after every 3x3 conv and every decoder concat), identical shapes merged. */
export function unetBatchNormShapes(u: UNetShape): { layers: string[]; shape: number[] }[] {
  const shapes = new Map<string, { layers: string[]; shape: number[] }>();
  const add = (layer: string, s: number, c: number): void => {
    const shape = [u.batch, s, s, c];
    const key = shape.join('x');
    const found = shapes.get(key);
    if (found) found.layers.push(layer);
    else shapes.set(key, { layers: [layer], shape });
  };
  /** A conv block's two batch norms (after conv_a and conv_b). */
  const block = (name: string, level: number): void => {
    for (const ab of ['a', 'b']) add(`${name}.bn_${ab}`, u.size / 2 ** level, u.baseFilters * 2 ** level);
  };
  for (let i = 0; i < u.depth; i++) block(`enc${i}`, i);
  block('center', u.depth);
  for (let i = u.depth - 1; i >= 0; i--) {
    add(`dec${i}.bn_concat`, u.size / 2 ** i, 2 * u.baseFilters * 2 ** i);
    block(`dec${i}`, i);
  }
  return [...shapes.values()];
}

/** Run `body` with `kernels` unregistered on maskflow-webgpu (their hooks then run tfjs' composition); restores them. */
async function withoutKernels<T>(kernels: string[], body: () => Promise<T>): Promise<T> {
  const configs = kernels.map((kernel) => tf.getKernel(kernel, WEBGPU_BACKEND)!);
  for (const kernel of kernels) tf.unregisterKernel(kernel, WEBGPU_BACKEND);
  try {
    return await body();
  } finally {
    for (const config of configs) tf.registerKernel(config);
  }
}

/** Min wall ms of `reps` runs of `run` after one warm-up, each ending with the queue drained; the warm-up's outputs as the result. */
async function timeRuns(backend: WebGPUBackend, reps: number, run: () => tf.Tensor[]): Promise<{ ms: number; values: Float32Array[] }> {
  const warm = run();
  const values = await Promise.all(warm.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(warm);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    await drainQueue(backend);
    const t0 = performance.now();
    const out = run();
    await drainQueue(backend);
    times.push(performance.now() - t0);
    tf.dispose(out);
  }
  return { ms: Math.min(...times), values };
}

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((values, i) => {
    values.forEach((v, k) => {
      worst = Math.max(worst, Math.abs(v - b[i]![k]!));
    });
  });
  return worst;
}

/** The FusedBatchNorm gradient (all five) at one shape, stock composition vs MaskflowBatchNormGrad. */
async function batchNormGradRow(backend: WebGPUBackend, layers: string[], shape: number[], reps: number): Promise<FusedRow> {
  const c = shape[3]!;
  const [x, dy] = [tf.randomUniform(shape, -1, 1), tf.randomUniform(shape, -1, 1)];
  const [mean, variance, scale] = [tf.randomUniform([c], -0.2, 0.2), tf.randomUniform([c], 0.1, 1), tf.randomUniform([c], 0.5, 1.5)];
  const gradient = tf.getGradient(tf.FusedBatchNorm)!;
  const run = (): tf.Tensor[] =>
    tf.tidy(() => {
      const grads = gradient.gradFunc(dy, [x, mean, variance, scale], { varianceEpsilon: 1e-3 }) as Record<string, () => tf.Tensor>;
      return ['x', 'mean', 'variance', 'scale', 'offset'].map((name) => grads[name]!());
    });
  const stock = await withoutKernels([BATCH_NORM_GRAD_KERNEL], () => timeRuns(backend, reps, run));
  const mine = await timeRuns(backend, reps, run);
  tf.dispose([x, dy, mean, variance, scale]);
  return { op: 'FusedBatchNorm gradient', layers, perStep: layers.length, shapes: `x ${shape.join('x')}`, stockMs: stock.ms, maskflowMs: mine.ms, speedup: stock.ms / mine.ms, maxAbsDiff: maxDiff(stock.values, mine.values) };
}

/**
 * At one batch-norm shape: tf.moments' gradients (Mean's over [0, 1, 2] twice, for the mean and the
 * variance, and Square's) and the following ReLU's, tfjs-core's compositions vs the fused kernels.
 */
async function momentsReluGradRow(backend: WebGPUBackend, layers: string[], shape: number[], reps: number): Promise<FusedRow> {
  const [x, dy, dyStat] = [tf.randomUniform(shape, -1, 1), tf.randomUniform(shape, -1, 1), tf.randomUniform([shape[3]!], -1, 1)];
  const gradientOf = (kernel: string): tf.GradConfig => tf.getGradient(kernel)!;
  const [mean, square, relu] = [gradientOf(tf.Mean), gradientOf(tf.Square), gradientOf(tf.Relu)];
  const dx = (gradient: tf.GradConfig, g: tf.Tensor, attrs: object): tf.Tensor => (gradient.gradFunc(g, [x], attrs as tf.NamedAttrMap) as Record<string, () => tf.Tensor>).x!();
  const run = (): tf.Tensor[] =>
    tf.tidy(() => {
      const meanAttrs = { axis: [0, 1, 2], keepDims: false };
      return [dx(mean, dyStat, meanAttrs), dx(mean, dyStat, meanAttrs), dx(square, dy, {}), dx(relu, dy, {})];
    });
  const stock = await withoutKernels([MEAN_GRAD_KERNEL, SQUARE_GRAD_KERNEL, RELU_GRAD_KERNEL], () => timeRuns(backend, reps, run));
  const mine = await timeRuns(backend, reps, run);
  tf.dispose([x, dy, dyStat]);
  return { op: 'Mean x2 + Square + Relu gradients', layers, perStep: layers.length, shapes: `x ${shape.join('x')}`, stockMs: stock.ms, maskflowMs: mine.ms, speedup: stock.ms / mine.ms, maxAbsDiff: maxDiff(stock.values, mine.values) };
}

/**
 * A training batch norm's forward (y) and backward (dx, dscale, doffset for a random dy) at one shape:
 * tf.moments + tf.batchNorm and their tf.grads, as a batch-norm layer composes them, vs the two
 * fused kernels. The composition's gradients run through the hooks initBackend installed
 * (MaskflowBatchNormGrad, MaskflowMeanGrad, MaskflowSquareGrad), so the row measures what the pair
 * adds over the kernels the rows above time.
 */
async function batchNormTrainRow(backend: WebGPUBackend, layers: string[], shape: number[], reps: number): Promise<FusedRow> {
  const c = shape[3]!;
  const [x, dy] = [tf.randomUniform(shape, -1, 1), tf.randomUniform(shape, -1, 1)];
  const [scale, offset, zeros] = [tf.randomUniform([c], 0.5, 1.5), tf.randomUniform([c], -0.2, 0.2), tf.zeros([c])];
  const attrs = { varianceEpsilon: 1e-3 };
  const composed = (): tf.Tensor[] =>
    tf.tidy(() => {
      const f = (xs: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Tensor => {
        const { mean, variance } = tf.moments(xs, [0, 1, 2]);
        return tf.batchNorm(xs, mean, variance, o, s, attrs.varianceEpsilon);
      };
      const { value, grads } = tf.valueAndGrads((...t: tf.Tensor[]) => f(t[0]!, t[1]!, t[2]!))([x, scale, offset], dy);
      return [value, ...grads];
    });
  const fused = (): tf.Tensor[] => {
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN_KERNEL, { x, scale, offset }, attrs) as tf.Tensor[];
    const grads = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD_KERNEL, { dy, x, mean: mean!, variance: variance!, scale, dmean: zeros, dvariance: zeros }, attrs) as tf.Tensor[];
    tf.dispose([mean!, variance!]);
    return [y!, ...grads];
  };
  const stock = await timeRuns(backend, reps, composed);
  const mine = await timeRuns(backend, reps, fused);
  tf.dispose([x, dy, scale, offset, zeros]);
  const row = { op: 'Batch norm train, forward + backward', layers, perStep: layers.length, shapes: `x ${shape.join('x')}`, stockMs: stock.ms, maskflowMs: mine.ms };
  return { ...row, speedup: stock.ms / mine.ms, maxAbsDiff: maxDiff(stock.values, mine.values), supersedes: ['FusedBatchNorm gradient', 'Mean x2 + Square + Relu gradients'] };
}

/** One Adam step over every trainable variable of the U-Net: tf.train.adam vs FusedAdamOptimizer, from equal states. */
async function adamRow(backend: WebGPUBackend, u: UNetShape, reps: number): Promise<FusedRow> {
  const model = buildUNet({ inputSize: [u.size, u.size], baseFilters: u.baseFilters, depth: u.depth, seed: 1 });
  const shapes = model.trainableWeights.map((w) => w.shape as number[]);
  model.dispose();
  const grads = shapes.map((s) => tf.randomUniform(s, -1, 1));
  const run = async (optimizer: tf.Optimizer): Promise<{ ms: number; values: Float32Array[] }> => {
    const vars = shapes.map((s, i) => tf.variable(tf.randomUniform(s, -1, 1, 'float32', i), true, `benchAdam${optimizer.constructor.name}${i}`));
    const step = (): tf.Tensor[] => {
      optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      return [];
    };
    const timing = await timeRuns(backend, reps, step);
    const values = await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
    optimizer.dispose();
    tf.dispose(vars);
    return { ms: timing.ms, values };
  };
  const stock = await run(tf.train.adam(1e-3));
  const mine = await run(new FusedAdamOptimizer(1e-3));
  tf.dispose(grads);
  const params = shapes.reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
  return {
    op: 'Adam update',
    layers: [`${shapes.length} variables`],
    perStep: 1,
    shapes: `${params} parameters`,
    stockMs: stock.ms,
    maskflowMs: mine.ms,
    speedup: stock.ms / mine.ms,
    maxAbsDiff: maxDiff(stock.values, mine.values),
  };
}

/** Stock-vs-Maskflow rows of the fused training ops at a U-Net step's shapes (Adam first, then each batch-norm shape's gradients, then its training forward + backward). */
export async function fusedTrainingRows(backend: WebGPUBackend, u: UNetShape, reps: number): Promise<FusedRow[]> {
  const rows = [await adamRow(backend, u, reps)];
  for (const { layers, shape } of unetBatchNormShapes(u)) rows.push(await batchNormGradRow(backend, layers, shape, reps));
  for (const { layers, shape } of unetBatchNormShapes(u)) rows.push(await momentsReluGradRow(backend, layers, shape, reps));
  for (const { layers, shape } of unetBatchNormShapes(u)) rows.push(await batchNormTrainRow(backend, layers, shape, reps));
  return rows;
}
