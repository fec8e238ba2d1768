/**
 * What the trainer asks of the active backend without knowing which one it is: the device's busy
 * time, whether a tensor fits one device buffer, and an early upload. On backends without a device
 * (cpu, maskflow-cpu, wasm, tensorflow) these report undefined or do nothing.
 */
import * as tf from '@tensorflow/tfjs';

interface DeviceBackend {
  busy?: { busyMs(): number };
  checkFits?: (name: string, shape: readonly number[], dtype?: tf.DataType) => void;
  uploadToGPU?: (dataId: tf.DataId) => void;
}

const active = (): DeviceBackend => tf.backend() as unknown as DeviceBackend;

/** Milliseconds the active backend's device queue has been busy since the backend was made; undefined without one. */
export function deviceBusyMs(): number | undefined {
  return active().busy?.busyMs();
}

/** Throw the backend's buffer-limit error (naming `name`, its shape, bytes and the limit) when the tensor would not fit. */
export function checkDeviceFits(name: string, shape: readonly number[], dtype: tf.DataType = 'float32'): void {
  active().checkFits?.(name, shape, dtype);
}

/**
 * Copy `tensors` to the device now (a GPU backend otherwise uploads on first use, inside the next
 * step). Called while the current step runs on the GPU, so the host-side copy of the next batch
 * overlaps it; the device-side copy is queued ahead of the next step's kernels.
 */
export function uploadToDevice(tensors: readonly tf.Tensor[]): void {
  const backend = active();
  if (backend.uploadToGPU === undefined || backend.busy === undefined) return;
  for (const t of tensors) backend.uploadToGPU(t.dataId);
}
