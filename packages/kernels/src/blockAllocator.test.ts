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
});
