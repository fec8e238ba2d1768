import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { stockWhenMemoryIsFull } from './memoryFallback.js';

const args = { inputs: {}, backend: {}, attrs: {} } as unknown as Parameters<tf.KernelFunc>[0];
const result = { dataId: {}, shape: [1], dtype: 'float32' } as tf.TensorInfo;

describe('stockWhenMemoryIsFull', () => {
  it('answers with the stock kernel, given the same arguments, when the fast one runs out of wasm memory', () => {
    const seen: unknown[] = [];
    const kernel = stockWhenMemoryIsFull(
      () => {
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
      },
      (a) => {
        seen.push(a);
        return result;
      },
    );
    expect(kernel(args)).toBe(result);
    expect(seen).toEqual([args]);
  });

  it('passes the fast result through and lets any other error reach the caller', () => {
    const stock = (): tf.TensorInfo => {
      throw new Error('the stock kernel must not run');
    };
    expect(stockWhenMemoryIsFull(() => result, stock)(args)).toBe(result);
    const failing = stockWhenMemoryIsFull(() => {
      throw new TypeError('bad input shape');
    }, stock);
    expect(() => failing(args)).toThrow(TypeError);
  });
});
