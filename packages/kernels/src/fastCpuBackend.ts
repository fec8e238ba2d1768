import type { BackendValues, DataId, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';

/**
 * MathBackendCPU whose freed tensor data returns to the output pool, and whose reads mark the
 * array they hand out as escaped (the caller may keep it after disposing the tensor).
 */
export class FastCpuBackend extends MathBackendCPU {
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
