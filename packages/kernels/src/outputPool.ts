/** Where pooled arrays live once a WasmRuntime is attached: blocks of its shared memory. */
export interface BlockStore {
  allocBlock(floats: number): number;
  freeBlock(ptr: number, floats: number): void;
  view(ptr: number, floats: number): Float32Array;
  addressOf(values: ArrayBufferView): number;
}

/**
 * Recycles the float32 output arrays of maskflow-cpu's own kernels. A training step allocates the
 * same few hundred shapes every step; reusing them spares the allocator's zeroing, fresh-page
 * faults and the garbage collector's external-memory scans (about 20% of a step's CPU time).
 *
 * Buffer ownership: an array the pool hands out belongs to the tensor it becomes. When the
 * backend frees that tensor's data (refCount 0), the array comes back here, unless it escaped:
 * - it was read out (dataSync, data, arraySync, moving to another backend: readSync), since the
 *   caller may keep using the returned array after disposing the tensor;
 * - a stock kernel returned a view sharing its buffer under another dataId (a continuous Slice).
 * Escaped buffers are simply left to the garbage collector.
 * Once a BlockStore is attached, new arrays are views of the wasm memory, so wasm kernels read
 * and write tensors in place. Such views never escape: the backend's reads return copies and a
 * stock kernel's view of one is replaced by a copy (see fastCpuBackend.ts).
 */
export class OutputPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly owned = new WeakSet<Float32Array>();
  private readonly pooled = new WeakSet<Float32Array>();
  private readonly escaped = new WeakSet<ArrayBufferLike>();
  private pooledBytes = 0;
  private store: BlockStore | undefined;

  constructor(private readonly maxPooledBytes: number) {}

  /** From now on, allocate new arrays in `store` (the kernels' shared memory). */
  attach(store: BlockStore): void {
    this.store = store;
  }

  /** True when `values` is a view of the attached store's memory. */
  inStore(values: unknown): values is Float32Array {
    return this.store !== undefined && values instanceof Float32Array && this.store.addressOf(values) >= 0;
  }

  /** True when `values` is an array this pool handed out. */
  owns(values: unknown): boolean {
    return values instanceof Float32Array && this.owned.has(values);
  }

  /** A float32 array of `length` elements with arbitrary contents: the caller overwrites all of them. */
  take(length: number): Float32Array {
    const reused = this.free.get(length)?.pop();
    if (reused !== undefined) {
      this.pooled.delete(reused);
      this.pooledBytes -= reused.byteLength;
      return reused;
    }
    const fresh = this.store === undefined ? new Float32Array(length) : this.fromStore(length);
    this.owned.add(fresh);
    return fresh;
  }

  /**
   * A view of a new store block, or a plain array once the store cannot grow (wasm32 memory stops
   * at 4 GiB: a 256x256 base-32 U-Net step needs more). Kernels take the slower path that copies
   * such an output (see WasmRuntime.output), the rest of the memory stays for their scratch.
   */
  private fromStore(length: number): Float32Array {
    try {
      return this.store!.view(this.store!.allocBlock(length), length);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return new Float32Array(length);
    }
  }

  /**
   * Gives every idle store block back to the store (the allocator calls this when the memory is
   * full, before it gives up); idle plain arrays stay.
   */
  releaseIdleBlocks(): void {
    if (this.store === undefined) return;
    for (const [length, list] of this.free) {
      const kept = list.filter((values) => this.store!.addressOf(values) < 0);
      for (const values of list) {
        if (this.store.addressOf(values) < 0) continue;
        this.pooled.delete(values);
        this.pooledBytes -= values.byteLength;
        this.store.freeBlock(values.byteOffset, length);
      }
      this.free.set(length, kept);
    }
  }

  /** Never recycle the buffer behind `values` (someone outside the backend holds it). */
  escape(values: unknown): void {
    if (ArrayBuffer.isView(values)) this.escaped.add(values.buffer);
  }

  /** True when `values` came from take() and has not escaped. */
  isRecyclable(values: unknown): values is Float32Array {
    return values instanceof Float32Array && this.owned.has(values) && !this.escaped.has(values.buffer);
  }

  /** Takes back the array of freed tensor data; ignored unless recyclable and under the size cap. */
  release(values: unknown): void {
    if (!this.isRecyclable(values) || this.pooled.has(values)) return;
    if (this.pooledBytes + values.byteLength > this.maxPooledBytes) {
      // Over the cap: a store block goes back to the allocator, a JS array to the collector.
      if (this.store !== undefined && this.store.addressOf(values) >= 0) this.store.freeBlock(values.byteOffset, values.length);
      return;
    }
    let list = this.free.get(values.length);
    if (list === undefined) {
      list = [];
      this.free.set(values.length, list);
    }
    list.push(values);
    this.pooled.add(values);
    this.pooledBytes += values.byteLength;
  }
}

/** The pool shared by the 'maskflow-cpu' backend and its kernels (at most 1 GiB kept idle). */
export const outputPool = new OutputPool(1024 * 2 ** 20);
