import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, randomValues, rng } from './__tests__/compare.js';
import { convBackpropFilter } from './convBackpropFilter.js';
import { convBackpropInput } from './convBackpropInput.js';
import { convForward } from './convForward.js';
import { wasm } from './wasmApi.js';
import { reduceSum, reduceSumWasm } from './reduceKernels.js';
import { f32bits, KERNEL_NAMES, WasmRuntime } from './wasmRuntime.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Whether Debian's `clang` (clang-14 and clang-16: scripts/build-wasm.sh uses both) is on PATH. */
function hasClang(clang: string): boolean {
  try {
    execFileSync(clang, ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

describe.each(['plain', 'relaxed'] as const)('WasmRuntime with worker threads (%s SIMD build)', (build) => {
  let rt: WasmRuntime;
  beforeAll(async () => {
    // Three threads and no minimum work: every kernel call is split, even on tiny shapes.
    rt = await WasmRuntime.create(3, 0, build);
    expect(rt.simd).toBe(build);
  });
  afterAll(async () => {
    await rt.close();
  });

  it('withScratch reports a memory-full RangeError as false, rethrows any other error, and frees its scratch either way', () => {
    let first = -1;
    expect(rt.withScratch(() => {
      first = rt.alloc(1024);
    })).toBe(true);
    expect(rt.withScratch(() => {
      expect(rt.alloc(1024)).toBe(first); // the block given back by the call before
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    })).toBe(false);
    expect(() => rt.withScratch(() => {
      rt.alloc(1024);
      throw new TypeError('a bug, not a full memory');
    })).toThrow(TypeError);
    expect(rt.withScratch(() => expect(rt.alloc(1024)).toBe(first))).toBe(true);
  });

  it('moving_average equals the float32-rounded v - (v - x) * decay bit for bit, split over threads with a tail', () => {
    const n = 4 * 64 * 3 + 7;
    const r = rng(5);
    const v = randomValues(r, n), x = randomValues(r, n).map((a) => a * 40);
    v[3] = -0;
    const decay = Math.fround(1 - 0.99);
    const want = v.map((a, k) => a - Math.fround(Math.fround(a - x[k]!) * decay));
    let got: Float32Array = new Float32Array(0);
    rt.withScratch(() => {
      const out = rt.output(n);
      rt.run('moving_average', [rt.put(v), rt.put(x), out.ptr, n, f32bits(decay)]);
      got = rt.finish(out);
    });
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it.each([
    [[2, 9, 7, 5], [3, 3, 5, 11], 1, 'same'],
    [[3, 8, 8, 16], [3, 3, 16, 8], 2, 'valid'],
    [[1, 2, 3, 3], [1, 1, 3, 40], 1, 'valid'],
    [[4, 6, 6, 4], [2, 2, 4, 3], 2, 'same'],
    // Input gradient through pack_b_rot180 with 3 panels of input channels, the filter gradient with 16 outputs.
    [[2, 6, 9, 20], [3, 3, 20, 16], 1, 'same'],
  ] as [[number, number, number, number], [number, number, number, number], number, 'same' | 'valid'][])(
    'splits conv x %j w %j s%d %s over threads and matches tfjs-cpu', async (xs, ws, stride, pad) => {
      await tf.setBackend('cpu');
      const r = rng(xs[1] * 100 + ws[3]);
      const xv = randomValues(r, xs.reduce((a, b) => a * b)), wv = randomValues(r, ws.reduce((a, b) => a * b));
      const info = tf.backend_util.computeConv2DInfo(xs, ws, stride, 1, pad);
      const dyv = randomValues(r, info.outShape.reduce((a, b) => a * b));
      const [y, dx, dw] = tf.tidy(() => {
        const x = tf.tensor4d(xv, xs), w = tf.tensor4d(wv, ws), dy = tf.tensor4d(dyv, info.outShape);
        return [
          tf.conv2d(x, w, stride, pad),
          tf.conv2dTranspose(dy, w, xs, stride, pad),
          tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: stride, pad, dataFormat: 'NHWC', filterShape: ws }) as tf.Tensor,
        ].map((t) => t.dataSync() as Float32Array);
      });
      expectClose(convForward(rt, xv, wv, info), y!, 'forward');
      expectClose(convBackpropInput(rt, dyv, wv, info), dx!, 'backprop input');
      expectClose(convBackpropFilter(rt, xv, dyv, info), dw!, 'backprop filter');
    });

  it('gives the same GEMM results over many back-to-back calls (claiming and stealing shares)', () => {
    const r = rng(77);
    const m = 37, n = 19, k = 23, ldc = 24;
    const a = randomValues(r, m * k), b = randomValues(r, k * n);
    const expected = new Float32Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      expected[i * n + j] = s;
    }
    for (let call = 0; call < 300; call++) {
      rt.reset();
      const aPtr = rt.put(a), bPtr = rt.put(b), packed = rt.alloc(k * ldc), c = rt.alloc(m * ldc);
      rt.run('pack_b', [bPtr, n, 1, k, n, packed]);
      rt.run('gemm', [aPtr, k, 1, packed, c, ldc, m, n, k, 0]);
      const got = rt.view(c, m * ldc);
      const compact = Float32Array.from({ length: m * n }, (_, i) => got[Math.floor(i / n) * ldc + (i % n)]!);
      expectClose(compact, expected, `call ${call}`, 1e-5);
    }
    rt.reset();
  });

  it.each([[1000, 7, true], [333, 64, true], [50, 1001, false], [3, 5, true]] as [number, number, boolean][])(
    'sums %d x %d (column sums: %s) over threads as the JS reference does', (rows, cols, leading) => {
      const x = randomValues(rng(rows + cols), rows * cols);
      const want = reduceSum(x, rows, cols, leading), got = reduceSumWasm(rt, x, rows, cols, leading);
      expectClose(Float32Array.from(got), Float32Array.from(want), 'sums', 1e-7);
    });

  it('grows its shared memory for large buffers', () => {
    rt.reset();
    const ptr = rt.alloc(16 * 1024 * 1024);
    rt.view(ptr, 16 * 1024 * 1024).fill(1);
    expect(rt.view(ptr, 16 * 1024 * 1024)[16 * 1024 * 1024 - 1]).toBe(1);
    rt.reset();
  });
});

describe('the committed wasm builds', () => {
  const committed = { plain: readFileSync(join(packageDir, 'wasm/kernels.wasm')), relaxed: readFileSync(join(packageDir, 'wasm/kernels-relaxed.wasm')) };

  it.each(['plain', 'relaxed'] as const)('%s: exports every kernel and imports a shared memory', (build) => {
    const module = new wasm.Module(committed[build]);
    const exports = wasm.Module.exports(module).map((e) => e.name);
    expect(exports).toEqual(expect.arrayContaining([...KERNEL_NAMES, '__stack_pointer', '__heap_base']));
    expect(wasm.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
  });

  it('were built from the current csrc/ and build script (hashes recorded by build-wasm.sh)', () => {
    const files = [
      ...readdirSync(join(packageDir, 'csrc')).filter((f) => f.endsWith('.c')).sort().map((f) => `csrc/${f}`),
      ...readdirSync(join(packageDir, 'csrc')).filter((f) => f.endsWith('.h')).sort().map((f) => `csrc/${f}`),
      'scripts/build-wasm.sh',
    ];
    const actual = files.map((f) => `${createHash('sha256').update(readFileSync(join(packageDir, f))).digest('hex')}  ${f}\n`).join('');
    const recorded = readFileSync(join(packageDir, 'wasm/kernels.wasm.sources'), 'utf8');
    expect(actual, 'csrc/ or build-wasm.sh changed: run packages/kernels/scripts/build-wasm.sh and commit wasm/').toBe(recorded);
  });

  it('are byte for byte what scripts/build-wasm.sh builds from csrc/', () => {
    // `pnpm test` provisions clang-14 + lld-14 and clang-16 + lld-16 (tools/setup/provision.sh): missing, this fails rather than skips.
    for (const clang of ['clang-14', 'clang-16']) {
      expect(hasClang(clang), `${clang} is not on PATH: run \`bash tools/setup/provision.sh\` (as root) or \`apt-get install -y clang-14 lld-14 clang-16 lld-16\``).toBe(true);
    }
    const dir = mkdtempSync(join(tmpdir(), 'maskflow-wasm-'));
    execFileSync(join(packageDir, 'scripts/build-wasm.sh'), [dir]);
    expect(readFileSync(join(dir, 'kernels.wasm')).equals(committed.plain), 'kernels.wasm').toBe(true);
    expect(readFileSync(join(dir, 'kernels-relaxed.wasm')).equals(committed.relaxed), 'kernels-relaxed.wasm').toBe(true);
  });
});
