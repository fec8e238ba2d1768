import { describe, expect, it } from 'vitest';
import { BlockAllocator } from './blockAllocator.js';

describe('BlockAllocator', () => {
  it('refuses a new block past maxEnd and, when growing fails, takes nothing', () => {
    let limit = 1024;
    const blocks = new BlockAllocator(0, (end) => {
      if (end > limit) throw new RangeError('cannot grow');
    });
    const a = blocks.alloc(64); // 256 bytes
    expect(() => blocks.alloc(64, 300)).toThrow(RangeError);
    expect(() => blocks.alloc(1024)).toThrow(/cannot grow/);
    // Neither failure moved the bump pointer: the next block starts right after the first.
    expect(blocks.alloc(64)).toBe(a + 256);
    limit = 1 << 20;
    blocks.release(a, 64);
    expect(blocks.alloc(64, 0)).toBe(a); // a free block of the size is reused whatever maxEnd says
  });

  it('when full, merges free neighbours and carves a larger block from them instead of failing', () => {
    const limit = 4096;
    const blocks = new BlockAllocator(0, (end) => {
      if (end > limit) throw new RangeError('cannot grow');
    });
    // Four 1 KiB blocks fill the memory; freeing the middle two leaves a 2 KiB hole, in two pieces.
    const ptrs = [0, 1, 2, 3].map(() => blocks.alloc(256));
    blocks.release(ptrs[1]!, 256);
    blocks.release(ptrs[2]!, 256);
    expect(blocks.alloc(384)).toBe(ptrs[1]); // 1.5 KiB from the merged hole
    expect(blocks.alloc(128)).toBe(ptrs[1]! + 1536); // the rest of it
    expect(() => blocks.alloc(16)).toThrow(/cannot grow/);
  });

  it('gives a free run at the top back to the bump pointer, and asks reclaim for idle blocks first', () => {
    const limit = 4096;
    let idle: number | undefined;
    const blocks = new BlockAllocator(
      0,
      (end) => {
        if (end > limit) throw new RangeError('cannot grow');
      },
      () => {
        if (idle !== undefined) blocks.release(idle, 256);
        idle = undefined;
      },
    );
    const [a, b, c] = [blocks.alloc(256), blocks.alloc(256), blocks.alloc(256)];
    idle = c; // held by someone else (an output pool) until reclaim is called
    blocks.release(b!, 256);
    // 3 KiB fits only once b and c (reclaimed) are one free run at the top, lowered back to b.
    expect(blocks.alloc(768)).toBe(b);
    expect(a).toBe(0);
    expect(idle).toBeUndefined();
  });
});
