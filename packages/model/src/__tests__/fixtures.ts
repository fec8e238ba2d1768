/** Tiny models and batches for tests, on the stock cpu backend. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, expect } from 'vitest';
import { bceDiceLoss } from '../bceDiceLoss.js';
import { buildUNet, type UNetOptions } from '../buildUNet.js';
import { diceCoeff, diceLoss } from '../diceCoeff.js';

/** A 16x16 U-Net with 2 base filters and depth 2, compiled like the tutorial; weights seeded. */
export function tinyUNet(seed = 7): tf.LayersModel {
  const model = buildUNet({ inputSize: [16, 16], baseFilters: 2, depth: 2, seed });
  model.compile({ optimizer: tf.train.adam(1e-2), loss: bceDiceLoss, metrics: [diceLoss, diceCoeff] });
  return model;
}

/** A deterministic batch: images with a bright square, masks 1 on the square. Caller disposes. */
export function tinyBatch(n = 2, size = 16): { x: tf.Tensor4D; y: tf.Tensor4D } {
  const x = new Float32Array(n * size * size * 3);
  const y = new Float32Array(n * size * size);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const p = (b * size + i) * size + j;
        const inside = i >= 4 + b && i < 10 + b && j >= 3 && j < 11 ? 1 : 0;
        y[p] = inside;
        for (let c = 0; c < 3; c++) x[p * 3 + c] = inside ? 0.8 - 0.1 * c : ((i * 7 + j * 3 + c) % 10) / 20;
      }
    }
  }
  return { x: tf.tensor4d(x, [n, size, size, 3]), y: tf.tensor4d(y, [n, size, size, 1]) };
}

/** A fresh temporary directory and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'maskflow-model-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `scratch()` makes a temporary directory that is removed after the test (registers afterEach). */
export function scratchDirs(): () => Promise<string> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });
  return async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    return dir;
  };
}

/**
 * One training step of `model` on tinyBatch(2, size) on the active backend, read back
 * asynchronously (maskflow-webgpu has no synchronous reads): the bceDiceLoss, every trainable
 * weight's gradient, then every weight (batch-norm moving statistics included) after the layers'
 * own updates.
 */
export async function unetStep(model: tf.LayersModel, size: number): Promise<{ loss: number; grads: Float32Array[]; after: Float32Array[] }> {
  const { x, y } = tinyBatch(2, size);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => bceDiceLoss(y, model.apply(x, { training: true }) as tf.Tensor), vars);
  const loss = (await value.data())[0]!;
  const out = await Promise.all(vars.map(async (v) => (await grads[v.name]!.data()) as Float32Array));
  const after = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
  tf.dispose([value, x, y, ...Object.values(grads)]);
  return { loss, grads: out, after };
}

/**
 * Runs `body` with each of `kernels`' registrations on `backend` wrapped in a call counter and
 * returns the calls per kernel. Maskflow's fused kernels are reached only through model-level hooks,
 * so a count of zero means training ran tfjs' own composition instead.
 */
export async function countKernelCalls<T>(backend: string, kernels: string[], body: () => Promise<T>): Promise<{ calls: Record<string, number>; result: T }> {
  const configs = kernels.map((kernel) => {
    const config = tf.getKernel(kernel, backend);
    if (config === undefined) throw new Error(`${kernel} is not registered on ${backend}`);
    return config;
  });
  const calls: Record<string, number> = Object.fromEntries(kernels.map((k) => [k, 0]));
  for (const config of configs) {
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({ ...config, kernelFunc: (args) => { calls[config.kernelName]! += 1; return config.kernelFunc(args); } });
  }
  try {
    return { calls, result: await body() };
  } finally {
    for (const config of configs) {
      tf.unregisterKernel(config.kernelName, backend);
      tf.registerKernel(config);
    }
  }
}

/** unetStep on a model that `build` makes with `weights` set, disposed afterwards. */
export async function unetStepWith(build: () => tf.LayersModel, weights: tf.Tensor[], size: number): Promise<{ loss: number; grads: Float32Array[]; after: Float32Array[] }> {
  const model = build();
  model.setWeights(weights);
  try {
    return await unetStep(model, size);
  } finally {
    model.dispose();
  }
}

/** unetStep on a fresh model built from `options` on the active backend, after `prepare` (a training hook such as skipImageGradients), disposed afterwards. */
export async function unetStepOf(options: UNetOptions, size: number, prepare?: (model: tf.LayersModel) => void): Promise<{ loss: number; grads: Float32Array[]; after: Float32Array[] }> {
  const model = buildUNet(options);
  try {
    prepare?.(model);
    return await unetStep(model, size);
  } finally {
    model.dispose();
  }
}

/**
 * Each array of `got` within `tol` of `want`'s, relative to that array's largest value (or to a
 * hundredth of the largest of all, for arrays near zero); `label` names the failing index.
 */
export function expectNear(got: Float32Array[], want: Float32Array[], tol: number, label: string): void {
  expect(got.length).toBe(want.length);
  const globalMax = Math.max(...want.map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  want.forEach((w, i) => {
    const scale = Math.max(w.reduce((m, v) => Math.max(m, Math.abs(v)), 0), 1e-2 * globalMax);
    const worst = got[i]!.reduce((m, v, k) => Math.max(m, Math.abs(v - w[k]!)), 0);
    expect(worst / scale, `${label} ${i}`).toBeLessThan(tol);
  });
}
