/**
 * Address allocator for the shared wasm memory: 64-byte aligned blocks, exact-size free lists
 * (a training step asks for the same sizes every step) and a bump pointer that grows the memory
 * through `grow(bytesNeededEnd)`. Addresses only: callers make the views.
 */
export class BlockAllocator {
  private readonly free = new Map<number, number[]>();
  private top: number;

  constructor(start: number, private readonly grow: (end: number) => void) {
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
    const ptr = this.top;
    if (ptr + bytes > maxEnd) throw new RangeError(`@maskflow/kernels: no room below ${maxEnd} bytes for a block of ${bytes} bytes`);
    // Grow first: when growing fails (RangeError at the 4 GiB wasm32 limit) nothing is taken.
    this.grow(ptr + bytes);
    this.top = ptr + bytes;
    return ptr;
  }

  /** Returns the block at `ptr`, allocated for `floats` values, for reuse. */
  release(ptr: number, floats: number): void {
    const bytes = BlockAllocator.bytes(floats);
    let list = this.free.get(bytes);
    if (list === undefined) {
      list = [];
      this.free.set(bytes, list);
    }
    list.push(ptr);
  }
}

function align64(n: number): number {
  return Math.ceil(n / 64) * 64;
}
