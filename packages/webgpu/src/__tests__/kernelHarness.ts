/** Test helpers: run one kernel on maskflow-webgpu and on tfjs-cpu with the same random inputs, and compare. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expect } from 'vitest';
import { WEBGPU_BACKEND } from '../registerWebGpuBackend.js';

/** Deterministic uniform [0, 1) generator (mulberry32), so a failing random shape can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [lo, hi] from `rand`. */
export function randInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** Values in [-1, 1) for a tensor of `shape`. */
export function randomValues(rand: () => number, shape: readonly number[]): Float32Array {
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = rand() * 2 - 1;
  return v;
}

/** Host inputs of one kernel call: name -> [shape, values]. */
export type HostInputs = Record<string, [number[], Float32Array]>;

/** Runs a kernel's implementation directly on the active backend (to test one program family). */
export type DirectRun = (backend: tf.KernelBackend, inputs: tf.NamedTensorMap) => tf.TensorInfo;

async function runOn(backend: string, kernel: string, inputs: HostInputs, attrs: object, direct?: DirectRun): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  const tensors: tf.NamedTensorMap = {};
  for (const [name, [shape, values]] of Object.entries(inputs)) tensors[name] = tf.tensor(values, shape, 'float32');
  const out =
    direct === undefined
      ? (tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor)
      : tf.engine().makeTensorFromTensorInfo(direct(tf.backend(), tensors));
  const values = (await out.data()) as Float32Array;
  const shape = out.shape;
  out.dispose();
  for (const t of Object.values(tensors)) t.dispose();
  return { shape, values };
}

/**
 * Run `kernel` on maskflow-webgpu and on cpu; expect equal shapes and values within float32
 * tolerance: |gpu - cpu| <= tol * (1 + max |cpu|). `direct` replaces the registered kernel on the
 * webgpu side. Leaves the webgpu backend active.
 */
export async function expectKernelMatchesCpu(kernel: string, inputs: HostInputs, attrs: object, label: string, direct?: DirectRun, tol = 1e-5): Promise<void> {
  const cpu = await runOn('cpu', kernel, inputs, attrs);
  const gpu = await runOn(WEBGPU_BACKEND, kernel, inputs, attrs, direct);
  expect(gpu.shape, label).toEqual(cpu.shape);
  expectValuesClose(gpu.values, cpu.values, label, tol);
}

/** Expect |got - want| <= tol * (1 + max |want|) elementwise, naming the worst element. */
export function expectValuesClose(got: ArrayLike<number>, want: ArrayLike<number>, label: string, tol = 1e-5): void {
  expect(got.length, `${label}: length`).toBe(want.length);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  let worst = 0;
  let at = -1;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i]! - want[i]!);
    if (!(d <= worst)) {
      worst = d;
      at = i;
    }
  }
  expect(worst, `${label}: worst |gpu - cpu| at ${at} (gpu ${got[at]}, cpu ${want[at]}), max |cpu| ${scale}`).toBeLessThanOrEqual(tol * (1 + scale));
}
