import type * as tf from '@tensorflow/tfjs-core';

/**
 * A fast kernel that runs the stock one instead when the 4 GiB wasm32 memory has no room for its
 * scratch (RangeError from the block allocator): a 256x256 base-32 step keeps gigabytes of
 * activations alive, and one such call must not end a run. Maskflow's own kernels, which have
 * no stock twin, fall back to their JS loops themselves (WasmRuntime.withScratch).
 */
export function stockWhenMemoryIsFull(fast: tf.KernelFunc, stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    try {
      return fast(args);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return stock(args);
    }
  };
}
