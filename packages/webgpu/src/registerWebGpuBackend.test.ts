import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAM_KERNEL, BufferLimitError, WEBGPU_BACKEND, activeWebGpuBackend, registerWebGpuBackend, releaseWebGpuBackend, type WebGpuBackendInfo } from './index.js';

// These run on whatever adapter Dawn finds: lavapipe from .cache/mesa-vulkan in CI (tools/setup/vulkan.sh).
let info: WebGpuBackendInfo;
beforeAll(async () => {
  info = await registerWebGpuBackend();
  expect(await tf.setBackend(WEBGPU_BACKEND)).toBe(true);
});
afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseWebGpuBackend();
});

describe('registerWebGpuBackend', () => {
  it('registers maskflow-webgpu on a Dawn adapter it describes', () => {
    expect(tf.getBackend()).toBe(WEBGPU_BACKEND);
    expect(activeWebGpuBackend()).toBeDefined();
    expect(info.adapter.vendor).not.toBe('');
    expect(info.adapter.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(2 ** 27);
    if (info.icd.source === '.cache/mesa-vulkan') {
      expect(info.adapter.software).toBe(true);
      expect(info.adapter.device).toMatch(/llvmpipe/);
    }
  });

  it('has every stock webgpu kernel under its own name', () => {
    const own = new Set(tf.getKernelsForBackend(WEBGPU_BACKEND).map((k) => k.kernelName));
    for (const k of tf.getKernelsForBackend('webgpu')) expect(own.has(k.kernelName), k.kernelName).toBe(true);
    for (const name of info.replacedKernels) expect(own.has(name)).toBe(true);
  });

  it('computes what tfjs-cpu computes and keeps numTensors flat', async () => {
    const run = async (): Promise<Float32Array> => {
      const y = tf.tidy(() => tf.relu(tf.conv2d(tf.div(tf.reshape(tf.range(0, 2 * 6 * 6 * 3), [2, 6, 6, 3]), 50) as tf.Tensor4D, tf.mul(tf.ones([3, 3, 3, 4]), 0.1) as tf.Tensor4D, 1, 'same')));
      const v = (await y.data()) as Float32Array;
      y.dispose();
      return v;
    };
    const gpu = await run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await run();
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
    const cpu = await run();
    await tf.setBackend(WEBGPU_BACKEND);
    gpu.forEach((v, i) => {
      expect(v).toBeCloseTo(cpu[i]!, 4);
    });
  });

  it('times each kernel under tf.profile at the timestamps\' own resolution when the adapter has timestamp-query (lavapipe has), multi-output dispatches included', async () => {
    const device = activeWebGpuBackend()!.device;
    const x = tf.ones([1, 8, 8, 3]);
    const w = tf.ones([3, 3, 3, 4]);
    const state = [0, 1, 2, 3].map(() => tf.ones([64]));
    const attrs = { beta1: 0.9, beta2: 0.999, learningRate: 1e-3, epsilon: 1e-7, correction1: 0.1, correction2: 0.001 };
    const profile = await tf.profile(() => {
      tf.dispose(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'));
      const [sx, g, m, v] = state;
      tf.dispose(tf.engine().runKernel(ADAM_KERNEL, { x: sx!, g: g!, m: m!, v: v! }, attrs) as tf.Tensor[]);
    });
    tf.dispose([x, w, ...state]);
    const ms = Object.fromEntries(profile.kernels.map((k) => [k.name, k.kernelTimeMs as number]));
    expect(Object.keys(ms)).toEqual(expect.arrayContaining(['Conv2D', ADAM_KERNEL]));
    if (device.features.has('timestamp-query')) {
      expect(ms.Conv2D).toBeGreaterThan(0);
      expect(ms[ADAM_KERNEL]).toBeGreaterThan(0);
      // Not rounded to Dawn's default 65.536 us quantum, under which a hardware GPU's small kernels read 0 ms.
      const quantum = 0.065536;
      expect([ms.Conv2D!, ms[ADAM_KERNEL]!].some((t) => Math.abs(t / quantum - Math.round(t / quantum)) > 1e-3)).toBe(true);
    }
    if (info.icd.source === '.cache/mesa-vulkan') expect(device.features.has('timestamp-query')).toBe(true);
  });

  it('names the tensor and the limit when a tensor does not fit one buffer', () => {
    const limit = info.adapter.limits.maxStorageBufferBindingSize;
    const n = limit / 4 + 1024;
    const err = (() => {
      try {
        tf.fill([n], 1);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(BufferLimitError);
    expect((err as Error).message).toContain('the output of Fill');
    expect((err as Error).message).toContain(`[${n}]`);
    expect((err as Error).message).toContain(`maxStorageBufferBindingSize = ${limit}`);
    expect(() => tf.tensor1d(new Float32Array(n))).toThrow(/float32 tensor made from host data of shape/);
  });

  it('says to use await data() when a synchronous read is tried', () => {
    const t = tf.tidy(() => tf.add(tf.fill([64, 64], 2), 1));
    expect(() => t.dataSync()).toThrow(/await tensor.data\(\)/);
    t.dispose();
  });
});
