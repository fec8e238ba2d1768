import type { BackendValues, DataId, DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';

/** From this many float32 values, written data is copied into the pool (see `write`). */
const MIN_POOLED_WRITE = 16384;

/**
 * MathBackendCPU whose freed tensor data returns to the output pool, whose reads mark the
 * array they hand out as escaped (the caller may keep it after disposing the tensor), and whose
 * large float32 writes land in the pool.
 */
export class FastCpuBackend extends MathBackendCPU {
  /**
   * Tensors made from JS arrays (tf.zeros, tf.tensor, the zero gradients the engine makes for
   * unused outputs, stock kernels' outputs) would be copied into the shared memory by every wasm
   * kernel that reads them; a large float32 one is copied once, here, into a pooled array the
   * backend owns (so the caller's array is never recycled or aliased).
   */
  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    if (dtype === 'float32' && values instanceof Float32Array && values.length >= MIN_POOLED_WRITE && !inSharedMemory(values)) {
      const copy = outputPool.take(values.length);
      copy.set(values);
      return super.write(copy, shape, dtype);
    }
    return super.write(values, shape, dtype);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.get(dataId)?.values;
    const freed = super.disposeData(dataId, force);
    if (freed && values !== undefined && !this.data.has(dataId)) outputPool.release(values);
    return freed;
  }

  override readSync(dataId: DataId): BackendValues {
    const values = super.readSync(dataId);
    // A view of the wasm memory is recycled with its tensor: the caller gets a copy.
    if (outputPool.inStore(values)) return values.slice();
    outputPool.escape(values);
    return values;
  }
}

/** outputPool.inStore without its type guard (which would narrow a Float32Array to never). */
function inSharedMemory(values: Float32Array): boolean {
  return outputPool.inStore(values);
}

/**
 * Wraps a stock kernel so that an output sharing a pooled input's buffer under a new dataId (a
 * view, such as a continuous Slice) cannot outlive the input's recycling: a view of the wasm
 * memory is replaced by a copy, a pooled JS array is marked escaped.
 */
export function trackAliases(kernelFunc: KernelFunc): KernelFunc {
  return (args) => {
    const out = kernelFunc(args);
    const backend = args.backend as MathBackendCPU;
    const inputs = Object.values(args.inputs).filter((t): t is TensorInfo => t != null);
    for (const o of Array.isArray(out) ? out : [out]) {
      const entry = backend.data.get(o.dataId);
      const values = entry?.values;
      if (!ArrayBuffer.isView(values)) continue;
      if (outputPool.inStore(values)) {
        const sharesInput = inputs.some((t) => t.dataId !== o.dataId && backend.data.get(t.dataId)?.values === values);
        if (!outputPool.owns(values) || sharesInput) entry!.values = values.slice();
        continue;
      }
      for (const input of inputs) {
        if (input.dataId === o.dataId) continue;
        const source = backend.data.get(input.dataId)?.values;
        if (ArrayBuffer.isView(source) && source.buffer === values.buffer) outputPool.escape(source);
      }
    }
    return out;
  };
}
