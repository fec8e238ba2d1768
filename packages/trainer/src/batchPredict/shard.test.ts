import { describe, expect, it } from 'vitest';
import { resolveShard, shardInputs } from './shard.js';

describe('resolveShard', () => {
  it('reads K/N, then the Indexed Job variables, else the whole input', () => {
    expect(resolveShard('2/5', { JOB_COMPLETION_INDEX: '1', JOB_COMPLETIONS: '3' })).toEqual({ index: 2, count: 5 });
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: '1', JOB_COMPLETIONS: '3' })).toEqual({ index: 1, count: 3 });
    expect(resolveShard(undefined, {})).toEqual({ index: 0, count: 1 });
  });

  it('names the option and the expected form', () => {
    expect(() => resolveShard('3/3', {})).toThrow(/Expected K\/N .* for shard but received "3\/3"/);
    expect(() => resolveShard('1 of 2', {})).toThrow(/for shard/);
    expect(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: 'x', JOB_COMPLETIONS: '2' })).toThrow(/JOB_COMPLETION_INDEX/);
  });

  it('splits the inputs into disjoint shares that cover them all', () => {
    const names = Array.from({ length: 11 }, (_, i) => `img${i}`);
    const shares = [0, 1, 2].map((index) => shardInputs(names, { index, count: 3 }));
    expect(shares.flat().sort()).toEqual([...names].sort());
    expect(shares.map((s) => s.length)).toEqual([4, 4, 3]);
  });
});
