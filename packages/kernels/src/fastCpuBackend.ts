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
    outputPool.escape(values);
    return values;
  }
}

/**
 * Wraps a stock kernel so that an output sharing a pooled input's buffer under a new dataId (a
 * view, such as a continuous Slice) marks that buffer escaped: it must outlive the input.
 */
export function trackAliases(kernelFunc: KernelFunc): KernelFunc {
  return (args) => {
    const out = kernelFunc(args);
    const backend = args.backend as MathBackendCPU;
    const inputs = Object.values(args.inputs).filter((t): t is TensorInfo => t != null);
    for (const o of Array.isArray(out) ? out : [out]) {
      const values = backend.data.get(o.dataId)?.values;
      if (!ArrayBuffer.isView(values)) continue;
      for (const input of inputs) {
        if (input.dataId === o.dataId) continue;
        const source = backend.data.get(input.dataId)?.values;
        if (ArrayBuffer.isView(source) && source.buffer === values.buffer) outputPool.escape(source);
      }
    }
    return out;
  };
}
