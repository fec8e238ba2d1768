import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs-core's gradient functions (tfjs-core alone does not).
import '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import { FAST_CPU_BACKEND } from '../registerFastCpuBackend.js';

/** Seeded uniform [0, 1) generator (mulberry32), so failing shapes reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform [-1, 1) values of the given size. */
export function randomValues(rand: () => number, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => rand() * 2 - 1);
}

/** Runs `fn` on stock 'cpu' and on 'maskflow-cpu' and returns both results' values. */
export async function onBoth(fn: () => tf.Tensor | tf.Tensor[]): Promise<{ stock: Float32Array[]; fast: Float32Array[] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const out = tf.tidy(fn);
    const list = Array.isArray(out) ? out : [out];
    const values = list.map((t) => t.dataSync() as Float32Array);
    tf.dispose(list);
    return values;
  };
  const stock = await run('cpu');
  const fast = await run(FAST_CPU_BACKEND);
  await tf.setBackend('cpu');
  return { stock, fast };
}

/** Asserts |a - b| <= tol * (max |b| + 1) elementwise: float32 sums taken in a different order. */
export function expectClose(actual: Float32Array, expected: Float32Array, label: string, tol = 2e-5): void {
  expect(actual.length, label).toBe(expected.length);
  let scale = 1;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst / scale, label).toBeLessThanOrEqual(tol);
}
