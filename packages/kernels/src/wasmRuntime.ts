import { Worker } from 'node:worker_threads';
import { BlockAllocator } from './blockAllocator.js';
import { kernelFailure } from './errors.js';
import { outputPool } from './outputPool.js';
import { loadKernelBytes, type SimdBuild } from './simdBuild.js';
import { wasm, type WasmGlobal, type WasmInstance, type WasmMemory } from './wasmApi.js';
import { WORKER_SOURCE } from './workerSource.js';

const bitsView = new DataView(new ArrayBuffer(4));
/** The int32 bits of `x` rounded to float32: how a float scalar travels to the kernels (worker arguments are int32). */
export function f32bits(x: number): number {
  bitsView.setFloat32(0, x);
  return bitsView.getInt32(0);
}

/** Names of the exported C kernels; all take (...args, tid, nth). */
export const KERNEL_NAMES = ['pack_b', 'gemm', 'im2col', 'col2im', 'unpad_cols', 'binary', 'unary', 'batch_norm', 'col_sums', 'row_sums', 'adam', 'bn_grad_sums', 'bn_moment_sums', 'bn_grad_dx', 'bn_train_dx', 'batch_norm_relu', 'bn_relu_grad_sums', 'bn_relu_train_dx', 'conv_direct', 'conv_filter_direct', 'sum_partials', 'max_pool', 'max_pool_grad', 'pack_b_rot180', 'winograd_input', 'winograd_filter', 'winograd_gemm', 'winograd_output', 'winograd_dy', 'winograd_filter_gemm', 'winograd_filter_grad', 'copy_runs', 'moving_average', 'depthwise_forward', 'depthwise_input_grad', 'depthwise_filter_grad'] as const;
/** One exported C kernel's name. */
export type KernelName = (typeof KERNEL_NAMES)[number];

type KernelFn = (...args: number[]) => void;

const PAGE = 65536;
/** End of the address range tensor blocks may use (3 GiB of the 4 GiB memory). */
const TENSOR_BLOCKS_END = 3 * 2 ** 30;
const STACK_BYTES = 256 * 1024;
/** Most threads one runtime runs (the control block has a claim and a done slot per thread). */
export const MAX_THREADS = 64;
/** Shares per thread a parallel kernel call is cut into (see run). */
const SHARES_PER_THREAD = 4;
// Control-block layout, passed to workerSource.ts.
const GEN = 0, FN = 1, NARGS = 2, ERROR = 3, NTH = 4, NEXT = 5, COMPLETED = 6, ARGS = 8, MAX_ARGS = 16;
const CTRL_INTS = ARGS + MAX_ARGS;
const GEN_MASK = 0x7fffff;
const LAYOUT = { GEN, FN, NARGS, ERROR, NTH, NEXT, COMPLETED, ARGS, CTRL_INTS };

/**
 * The WebAssembly kernels on one shared memory, run by the calling thread plus `threads - 1`
 * worker threads. Buffer ownership: a kernel call takes scratch blocks with `alloc` and gives all
 * of them back with `reset` before returning. Longer-lived blocks (`allocBlock`) hold tensor data
 * for the output pool, which frees them; `addressOf` recognises such views so kernels read them
 * in place. Not re-entrant (tfjs runs kernels one at a time).
 */
export class WasmRuntime {
  readonly threads: number;
  /** The kernel build running: 'relaxed' (fused multiply-adds in the convolution micro-kernels) or 'plain' SIMD128. */
  readonly simd: 'relaxed' | 'plain';
  /** Why that build (requested, or what this Node runs). */
  readonly simdReason: string;
  /** Most shares a kernel call is cut into: the `nth` a kernel can see. */
  readonly maxShares: number;
  private readonly minParallelWork: number;
  private readonly memory: WasmMemory;
  private readonly fns: Record<KernelName, KernelFn>;
  private readonly ctrl: Int32Array;
  private readonly workers: Worker[];
  private readonly blocks: BlockAllocator;
  private readonly scratch: [number, number][] = [];
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  private constructor(memory: WasmMemory, instance: WasmInstance, ctrlPtr: number, heapStart: number, workers: Worker[], minParallelWork: number, simd: { build: 'relaxed' | 'plain'; reason: string }) {
    this.memory = memory;
    this.simd = simd.build;
    this.simdReason = simd.reason;
    this.minParallelWork = minParallelWork;
    this.threads = workers.length + 1;
    this.maxShares = this.threads === 1 ? 1 : this.threads * SHARES_PER_THREAD;
    this.fns = Object.fromEntries(KERNEL_NAMES.map((n) => [n, instance.exports[n] as KernelFn])) as Record<KernelName, KernelFn>;
    this.ctrl = new Int32Array(memory.buffer, ctrlPtr, CTRL_INTS);
    this.workers = workers;
    this.blocks = new BlockAllocator(
      heapStart,
      (end) => {
        const have = memory.buffer.byteLength;
        if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
      },
      // Memory full: the output pool's idle tensor blocks go back before an allocation fails.
      () => outputPool.releaseIdleBlocks(),
    );
  }

  /**
   * Loads the kernel build `simd` asks for (see simdBuild.ts: 'auto' runs wasm/kernels-relaxed.wasm
   * where this Node runs relaxed SIMD, else wasm/kernels.wasm) and starts `threads - 1` workers on a
   * shared memory. Kernel calls with less than `minParallelWork` work run on the calling thread
   * alone: waking the workers costs tens of microseconds.
   */
  static async create(threads: number, minParallelWork = 2 ** 18, simd: SimdBuild = 'auto'): Promise<WasmRuntime> {
    const { bytes, build, reason } = await loadKernelBytes(simd);
    const module = await wasm.compile(bytes);
    const memory = new wasm.Memory({ initial: 512, maximum: 65536, shared: true });
    const instance = await wasm.instantiate(module, { env: { memory } });
    const heapBase = (instance.exports.__heap_base as WasmGlobal).value;
    // Layout after the module's own data and main stack: control block, one stack per worker, then the blocks of the heap.
    const ctrlPtr = align(heapBase, 64);
    const stacksStart = align(ctrlPtr + CTRL_INTS * 4, 16);
    const heapStart = align(stacksStart + (threads - 1) * STACK_BYTES, 64);
    const workers = await Promise.all(
      Array.from({ length: threads - 1 }, (_, i) =>
        startWorker({ module, memory, ctrlPtr, stackTop: stacksStart + (i + 1) * STACK_BYTES, tid: i + 1, names: [...KERNEL_NAMES], layout: LAYOUT }),
      ),
    );
    return new WasmRuntime(memory, instance, ctrlPtr, heapStart, workers, minParallelWork, { build, reason });
  }

  /** A scratch block of `floats` float32 values, given back by the next `reset`; returns its address. */
  alloc(floats: number): number {
    const ptr = this.blocks.alloc(floats);
    this.scratch.push([ptr, floats]);
    return ptr;
  }

  /**
   * A block of `floats` values that lives until `freeBlock` (tensor data of the output pool).
   * Such blocks stay below 3 GiB, so kernels keep room for scratch in the 4 GiB wasm32 memory;
   * past it this throws RangeError and the pool hands out plain arrays instead.
   */
  allocBlock(floats: number): number {
    return this.blocks.alloc(floats, TENSOR_BLOCKS_END);
  }

  /** Gives back a block from `allocBlock`. */
  freeBlock(ptr: number, floats: number): void {
    this.blocks.release(ptr, floats);
  }

  /** Address of `values` when it is a view of this memory, else -1. */
  addressOf(values: ArrayBufferView): number {
    return this.buffers.has(values.buffer) ? values.byteOffset : -1;
  }

  /** Address of float32 `values`: in place when it already lives here, else a scratch copy. */
  input(values: Float32Array): number {
    const at = this.addressOf(values);
    return at >= 0 ? at : this.put(values);
  }

  /** Copies `values` into a scratch block; returns its address. */
  put(values: Float32Array | Int32Array): number {
    const ptr = this.alloc(values.length);
    if (values instanceof Int32Array) new Int32Array(this.buffer(), ptr, values.length).set(values);
    else new Float32Array(this.buffer(), ptr, values.length).set(values);
    return ptr;
  }

  /** A view of `floats` float32 values at `ptr`. Views stay valid when the memory grows (it is shared). */
  view(ptr: number, floats: number): Float32Array {
    return new Float32Array(this.buffer(), ptr, floats);
  }

  /**
   * A pooled output array for `floats` values and the address a kernel writes it at: the array
   * itself when it lives in this memory, else a scratch block that `finish` copies from.
   */
  output(floats: number): { values: Float32Array; ptr: number } {
    const values = outputPool.take(floats);
    const at = this.addressOf(values);
    if (at >= 0) return { values, ptr: at };
    try {
      return { values, ptr: this.alloc(floats) };
    } catch (error) {
      // No room for the scratch copy: the array goes back rather than leak with the failed call.
      outputPool.release(values);
      throw error;
    }
  }

  /** The finished output array of `output`, which the caller owns. */
  finish(out: { values: Float32Array; ptr: number }): Float32Array {
    if (this.addressOf(out.values) !== out.ptr) out.values.set(this.view(out.ptr, out.values.length));
    return out.values;
  }

  /** Copies `floats` values at `ptr` into a pooled array the caller owns. */
  copyOut(ptr: number, floats: number): Float32Array {
    const out = outputPool.take(floats);
    out.set(this.view(ptr, floats));
    return out;
  }

  /**
   * Runs `body` (wasm calls on scratch blocks) between two resets. Returns false when its scratch
   * does not fit (RangeError: the 4 GiB wasm32 memory is full); the caller then computes the
   * whole result on its JS path, which overwrites anything `body` wrote.
   */
  withScratch(body: () => void): boolean {
    this.reset();
    try {
      body();
      return true;
    } catch (error) {
      if (error instanceof RangeError) return false;
      throw error;
    } finally {
      this.reset();
    }
  }

  /** Gives back every scratch block. */
  reset(): void {
    for (const [ptr, floats] of this.scratch) this.blocks.release(ptr, floats);
    this.scratch.length = 0;
  }

  /** The memory's current SharedArrayBuffer (a new object after each growth), remembered for addressOf. */
  private buffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return buffer;
  }

  /**
   * Runs kernel `name` and returns when it is done; `work` (multiply-adds or floats moved) below
   * `minParallelWork` runs on this thread alone.
   *
   * Concurrency: a job is cut into SHARES_PER_THREAD shares per thread (the kernels' (tid, nth)
   * arguments) that every thread, this one included, claims one at a time from a counter, so a
   * worker the OS has descheduled (other processes on the cores) holds back at most one share.
   * The counter word carries the job's generation (NEXT = gen << 8 | next share): a worker that
   * wakes late, or read the arguments of a finished job, fails its claim and claims nothing.
   * This thread waits until COMPLETED counts every share.
   */
  run(name: KernelName, args: number[], work = Infinity): void {
    const fn = this.fns[name];
    if (work < this.minParallelWork || this.threads === 1) {
      fn(...args, 0, 1);
      return;
    }
    if (args.length > MAX_ARGS) throw kernelFailure(name, `more than ${MAX_ARGS} arguments`);
    const ctrl = this.ctrl;
    const shares = this.maxShares;
    const g = (ctrl[GEN]! + 1) & GEN_MASK;
    ctrl[FN] = KERNEL_NAMES.indexOf(name);
    ctrl[NARGS] = args.length;
    ctrl[NTH] = shares;
    args.forEach((a, i) => {
      ctrl[ARGS + i] = a;
    });
    Atomics.store(ctrl, COMPLETED, 0);
    Atomics.store(ctrl, NEXT, g << 8);
    Atomics.store(ctrl, GEN, g);
    Atomics.notify(ctrl, GEN);
    for (let share = claim(ctrl, g, shares); share >= 0; share = claim(ctrl, g, shares)) {
      fn(...args, share, shares);
      Atomics.add(ctrl, COMPLETED, 1);
    }
    for (let done = Atomics.load(ctrl, COMPLETED); done < shares; done = Atomics.load(ctrl, COMPLETED)) {
      Atomics.wait(ctrl, COMPLETED, done);
    }
    if (Atomics.exchange(ctrl, ERROR, 0) !== 0) throw kernelFailure(name, 'a worker thread trapped');
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    this.ctrl[FN] = -1;
    Atomics.store(this.ctrl, NEXT, 0);
    Atomics.store(this.ctrl, GEN, (this.ctrl[GEN]! + 1) & GEN_MASK);
    Atomics.notify(this.ctrl, GEN);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Claims the next share of job `g`, or returns -1 when none is left or the job is no longer g. */
export function claim(ctrl: Int32Array, g: number, shares: number): number {
  for (;;) {
    const v = Atomics.load(ctrl, NEXT);
    const share = v & 0xff;
    if (v >>> 8 !== g || share >= shares) return -1;
    if (Atomics.compareExchange(ctrl, NEXT, v, v + 1) === v) return share;
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function startWorker(workerData: Record<string, unknown>): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    worker.once('message', () => {
      // Idle workers block in Atomics.wait; unref so they never keep the process alive.
      worker.unref();
      resolve(worker);
    });
    worker.once('error', reject);
  });
}
