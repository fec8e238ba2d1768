/**
 * Address allocator for the shared wasm memory: 64-byte aligned blocks, exact-size free lists
 * (a training step asks for the same sizes every step) and a bump pointer that grows the memory
 * through `grow(bytesNeededEnd)`. Addresses only: callers make the views.
 *
 * Under pressure (the bump pointer cannot move: maxEnd, or the 4 GiB wasm32 limit) it first asks
 * `reclaim` to give idle blocks back (the output pool's), then merges neighbouring free blocks,
 * hands the free run at the top back to the bump pointer, and carves the block from the smallest
 * free run that holds it. Exact-size lists never merge on their own: a 256x256 base-32 step frees
 * scratch of dozens of sizes seen once, which otherwise filled the 4 GiB with unusable holes.
 */
export class BlockAllocator {
  private readonly free = new Map<number, number[]>();
  private top: number;

  constructor(
    start: number,
    private readonly grow: (end: number) => void,
    private readonly reclaim: () => void = () => undefined,
  ) {
    this.top = align64(start);
  }

  /** Bytes a block of `floats` float32 values occupies. */
  static bytes(floats: number): number {
    return Math.max(64, align64(floats * 4));
  }

  /** Address of a block for `floats` float32 values; a new block must end below `maxEnd` (else RangeError). */
  alloc(floats: number, maxEnd = Infinity): number {
    const bytes = BlockAllocator.bytes(floats);
    const reused = this.free.get(bytes)?.pop();
    if (reused !== undefined) return reused;
    try {
      return this.bump(bytes, maxEnd);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.reclaim();
      this.coalesce();
      return this.carve(bytes, maxEnd) ?? this.bump(bytes, maxEnd);
    }
  }

  /** Returns the block at `ptr`, allocated for `floats` values, for reuse. */
  release(ptr: number, floats: number): void {
    this.push(ptr, BlockAllocator.bytes(floats));
  }

  private push(ptr: number, bytes: number): void {
    let list = this.free.get(bytes);
    if (list === undefined) {
      list = [];
      this.free.set(bytes, list);
    }
    list.push(ptr);
  }

  /** A new block at the bump pointer; RangeError past maxEnd or when the memory cannot grow. */
  private bump(bytes: number, maxEnd: number): number {
    const ptr = this.top;
    if (ptr + bytes > maxEnd) throw new RangeError(`@maskflow/kernels: no room below ${maxEnd} bytes for a block of ${bytes} bytes`);
    // Grow first: when growing fails (RangeError at the 4 GiB wasm32 limit) nothing is taken.
    this.grow(ptr + bytes);
    this.top = ptr + bytes;
    return ptr;
  }

  /** Merges adjacent free blocks into runs and gives a run that ends at the top back to the bump pointer. */
  private coalesce(): void {
    const blocks: [number, number][] = [];
    for (const [bytes, ptrs] of this.free) for (const ptr of ptrs) blocks.push([ptr, bytes]);
    this.free.clear();
    blocks.sort((a, b) => a[0] - b[0]);
    const runs: [number, number][] = [];
    for (const [ptr, bytes] of blocks) {
      const last = runs.at(-1);
      if (last !== undefined && last[0] + last[1] === ptr) last[1] += bytes;
      else runs.push([ptr, bytes]);
    }
    const last = runs.at(-1);
    if (last !== undefined && last[0] + last[1] === this.top) {
      this.top = last[0];
      runs.pop();
    }
    for (const [ptr, bytes] of runs) this.push(ptr, bytes);
  }

  /** The block cut from the front of the smallest free run that holds `bytes` below maxEnd; the rest stays free. */
  private carve(bytes: number, maxEnd: number): number | undefined {
    let best: [number, number] | undefined;
    for (const [size, ptrs] of this.free) {
      if (size < bytes || (best !== undefined && size >= best[1])) continue;
      const ptr = ptrs.find((p) => p + bytes <= maxEnd);
      if (ptr !== undefined) best = [ptr, size];
    }
    if (best === undefined) return undefined;
    const [ptr, size] = best;
    const list = this.free.get(size)!;
    list.splice(list.indexOf(ptr), 1);
    if (size > bytes) this.push(ptr + bytes, size - bytes);
    return ptr;
  }
}

function align64(n: number): number {
  return Math.ceil(n / 64) * 64;
}
