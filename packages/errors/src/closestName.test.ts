import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closestName.js';

const FLAGS = ['batch-size', 'epochs', 'lr', 'lr-min', 'lr-schedule', 'size', 'seed', 'split-seed', 'base-filters', 'max-filters', 'data'];

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('batch', 'batch')).toBe(0);
    expect(editDistance('bach', 'batch')).toBe(1);
    expect(editDistance('epochs', 'epoch')).toBe(1);
    expect(editDistance('lrmni', 'lrmin')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('closestName', () => {
  it('finds the flag a slip of the keyboard meant, in any spelling', () => {
    expect(closestName('bach-size', FLAGS)).toBe('batch-size');
    expect(closestName('batchSize', FLAGS)).toBe('batch-size');
    expect(closestName('batch_size', FLAGS)).toBe('batch-size');
    expect(closestName('epoch', FLAGS)).toBe('epochs');
    expect(closestName('lr-mni', FLAGS)).toBe('lr-min');
    expect(closestName('base-filter', FLAGS)).toBe('base-filters');
  });

  it('takes a beginning that only one name has', () => {
    expect(closestName('batch', FLAGS)).toBe('batch-size');
    expect(closestName('lr-sched', FLAGS)).toBe('lr-schedule');
    expect(closestName('lr-m', FLAGS)).toBe('lr-min');
    expect(closestName('lr-m', ['lr-min', 'lr-max'])).toBeUndefined(); // both begin so
  });

  it('suggests nothing when no name is near, rather than a wild guess', () => {
    expect(closestName('learning-rate', FLAGS)).toBeUndefined();
    expect(closestName('bogus', FLAGS)).toBeUndefined();
    expect(closestName('xy', FLAGS)).toBeUndefined();
    expect(closestName('anything', [])).toBeUndefined();
  });

  it('breaks a tie by the longer shared beginning, then by order', () => {
    expect(closestName('hflp', ['help', 'hflip'])).toBe('hflip');
    expect(closestName('seex', ['seed', 'seen'])).toBe('seed');
  });
});
