/** tfjs-backend-webgpu's WebGPUBackend with buffer-limit checks, device busy time and a clear error for sync reads. */
import type { BackendValues, DataId, DataType } from '@tensorflow/tfjs-core';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { largestTensorBytes, formatAdapter, type AdapterDescription } from './describeAdapter.js';
import { DeviceBusyClock } from './deviceBusy.js';
import { BufferLimitError } from './errors.js';

/** Bytes per element on the GPU: tfjs-backend-webgpu stores bool and int32 as 32-bit words. */
const BYTES: Partial<Record<DataType, number>> = { float32: 4, int32: 4, bool: 4, complex64: 8 };

/**
 * The backend class behind 'maskflow-webgpu'. Every tensor it makes (uploads and kernel outputs)
 * is checked against the adapter's largest storage binding before a buffer is made, so an
 * oversized batch or weight fails with its shape and the limit instead of a Dawn validation
 * message long after the op that caused it.
 */
export class MaskflowWebGpuBackend extends WebGPUBackend {
  /** The kernel being run (set by the kernel wrappers registerWebGpuBackend installs); names outputs in errors. */
  currentKernel: string | undefined;
  /** Busy time of this device's queue (see DeviceBusyClock for what it over- and under-states). */
  readonly busy = new DeviceBusyClock();

  constructor(
    device: GPUDevice,
    info: GPUAdapterInfo,
    readonly adapterDescription: AdapterDescription,
  ) {
    super(device, info);
  }

  /** Throw a BufferLimitError when a tensor `name` of `shape` would not fit one storage buffer. */
  checkFits(name: string, shape: readonly number[], dtype: DataType = 'float32'): void {
    const bytes = shape.reduce((a, b) => a * b, 1) * (BYTES[dtype] ?? 4);
    const limit = largestTensorBytes(this.adapterDescription.limits);
    if (bytes > limit.bytes) throw new BufferLimitError(name, shape, bytes, limit, formatAdapter(this.adapterDescription));
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    this.checkFits(this.currentKernel === undefined ? `a ${dtype} tensor made from host data` : `the output of ${this.currentKernel}`, shape, dtype);
    return super.write(values, shape, dtype);
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    this.checkFits(`a ${dtype} tensor moved from another backend`, shape, dtype);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override submitQueue(): void {
    super.submitQueue();
    this.busy.submitted(this.queue);
  }

  /** Values already on the host are returned; a read from the GPU throws (it needs OffscreenCanvas). */
  override readSync(dataId: object): BackendValues {
    if (this.tensorMap.get(dataId as DataId)?.values != null) return super.readSync(dataId);
    throw new Error(
      "dataSync()/arraySync() cannot run on 'maskflow-webgpu' in Node: tfjs-backend-webgpu reads synchronously through an " +
        'OffscreenCanvas, which Node does not have. Use await tensor.data() or await tensor.array().',
    );
  }
}
