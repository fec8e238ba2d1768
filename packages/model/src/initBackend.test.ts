import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_LOADERS, BackendUnavailable, type BackendLoader, type CandidateName } from './backendLoaders.js';
import { UserError } from '@maskflow/errors';
import { initBackend, selectBackend } from './initBackend.js';
import { tinyBatch, tinyUNet } from './__tests__/fixtures.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const unavailable = (reason: string): BackendLoader => async () => {
  throw new BackendUnavailable(reason);
};

function isResolvable(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND';
  }
}

describe('selectBackend', () => {
  it('falls back to stock cpu with the reason when maskflow-cpu is unavailable', async () => {
    const loaders = { ...BACKEND_LOADERS, 'maskflow-cpu': unavailable('not installed (the workspace package is missing)') };
    const info = await selectBackend(['maskflow-cpu', 'cpu'], loaders, undefined);
    expect(info).toEqual({
      backend: 'cpu',
      gpu: false,
      warnings: [],
      skipped: [{ name: 'maskflow-cpu', reason: 'not installed (the workspace package is missing)' }],
    });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('reports every skipped candidate in order, and fails naming them all when none loads', async () => {
    const order: CandidateName[] = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', 'cpu'];
    const loaders = {
      ...BACKEND_LOADERS,
      '@tensorflow/tfjs-node-gpu': unavailable('failed to load: libcudart.so.11.0 not found'),
      '@tensorflow/tfjs-node': unavailable('not installed'),
    };
    const info = await selectBackend(order, loaders, undefined);
    expect(info.skipped.map((s) => s.name)).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(info.backend).toBe('cpu');
    await expect(selectBackend(order.slice(0, 2), loaders, undefined)).rejects.toThrow(/libcudart.*tfjs-node: not installed/);
    // A user error (what to install), which the CLI prints without a stack trace.
    await expect(selectBackend(order.slice(0, 2), loaders, undefined)).rejects.toBeInstanceOf(UserError);
  });

  it('a loaded tfjs-node-gpu makes tfjs-node unnecessary, and its report says so', async () => {
    const loaders = {
      ...BACKEND_LOADERS,
      '@tensorflow/tfjs-node-gpu': async () => ({ backend: 'tensorflow', gpu: true, warnings: [] }),
      '@tensorflow/tfjs-node': unavailable('must not be tried'),
    };
    const info = await selectBackend(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', 'cpu'], loaders, undefined);
    expect(info.backend).toBe('tensorflow');
    expect(info.gpu).toBe(true);
    expect(info.skipped).toEqual([{ name: '@tensorflow/tfjs-node', reason: expect.stringMatching(/^not needed/) }]);
  });

  it('propagates errors that are not skip reasons (bugs are not hidden as fallbacks)', async () => {
    const loaders = { ...BACKEND_LOADERS, cpu: async () => Promise.reject(new TypeError('boom')) };
    await expect(selectBackend(['cpu'], loaders, undefined)).rejects.toThrow('boom');
  });
});

describe('initBackend', () => {
  it("'auto' skips the tfjs-node packages that are not installed and picks the CPU path", async () => {
    const info = await initBackend({ threads: 1 });
    expect(tf.getBackend()).toBe(info.backend);
    for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      if (!isResolvable(name)) {
        expect(info.skipped).toContainEqual({ name, reason: expect.stringMatching(/^not installed .*TFJS_NODE_CDN_STORAGE/) });
      }
    }
    if (!isResolvable('@tensorflow/tfjs-node-gpu') && !isResolvable('@tensorflow/tfjs-node')) {
      expect(['maskflow-cpu', 'cpu']).toContain(info.backend);
      expect(info.gpu).toBe(false);
    }
    // maskflow-cpu says how it runs: Node 20's V8 runs the relaxed-SIMD kernel build (behind a flag @maskflow/kernels sets).
    if (info.backend === 'maskflow-cpu') expect(info.detail).toMatch(/^\d+ kernel thread\(s\), WebAssembly relaxed SIMD \(fused multiply-adds\)$/);
    await tf.setBackend('cpu');
  });

  it('a bad MASKFLOW_WASM_SIMD is reported, naming the variable, instead of falling back to stock tfjs-cpu', async () => {
    const saved = process.env.MASKFLOW_WASM_SIMD;
    process.env.MASKFLOW_WASM_SIMD = 'fma';
    try {
      await expect(initBackend({ prefer: 'cpu' })).rejects.toThrow(/MASKFLOW_WASM_SIMD but received "fma"/);
    } finally {
      if (saved === undefined) delete process.env.MASKFLOW_WASM_SIMD;
      else process.env.MASKFLOW_WASM_SIMD = saved;
    }
    await tf.setBackend('cpu');
  });

  it("'wasm' loads the wasm backend and warns that it cannot train convolutions (and indeed it cannot)", async () => {
    const info = await initBackend({ prefer: 'wasm' });
    expect(info.backend).toBe('wasm');
    expect(info.warnings.join(' ')).toMatch(/no Conv2DBackpropFilter kernel.*cannot train/);
    const model = tinyUNet();
    const { x, y } = tinyBatch(1);
    await expect(model.trainOnBatch(x, y)).rejects.toThrow(/Conv2DBackpropFilter/);
    tf.dispose([x, y]);
    model.dispose();
    await tf.setBackend('cpu');
  });

  it('rejects unknown preferences and bad thread counts', async () => {
    await expect(initBackend({ prefer: 'gpu' as 'auto' })).rejects.toThrow(RangeError);
    await expect(initBackend({ threads: 0 })).rejects.toThrow(/threads/);
    await expect(initBackend({ threads: '2' as unknown as number })).rejects.toThrow(TypeError);
  });

  it('the install holds exactly one @tensorflow/tfjs-core', async () => {
    const store = fileURLToPath(new URL('../../../node_modules/.pnpm/', import.meta.url));
    const cores = (await readdir(store)).filter((name) => name.startsWith('@tensorflow+tfjs-core@'));
    expect(cores).toHaveLength(1);
  });
});
