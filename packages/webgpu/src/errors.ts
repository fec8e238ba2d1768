/** Errors of @maskflow/webgpu: why no device could be made, and tensors that do not fit a buffer. */
import { markUserError } from '@maskflow/errors';

/** What to install for a Vulkan device on Linux (printed with every "no adapter" reason). */
export const VULKAN_HINT =
  "install the Vulkan loader (apt-get install libvulkan1) and a Vulkan driver: the GPU vendor's (NVIDIA's driver ships one) or, " +
  "for the software driver the tests use, run 'bash tools/setup/vulkan.sh' (Mesa 25 lavapipe into .cache/mesa-vulkan)";

/** No WebGPU device: Dawn failed to load, found no adapter, or refused a device. `hint` says what to install or do. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
  constructor(
    readonly reason: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}: ${hint}`, options);
    markUserError(this);
  }
}

/** A tensor larger than the adapter's biggest storage buffer: names the tensor, its bytes and the limit. */
export class BufferLimitError extends RangeError {
  override name = 'BufferLimitError';
  constructor(
    readonly tensor: string,
    readonly shape: readonly number[],
    readonly bytes: number,
    readonly limit: { name: 'maxStorageBufferBindingSize' | 'maxBufferSize'; bytes: number },
    readonly adapter: string,
  ) {
    super(
      `${tensor} of shape [${shape.join(', ')}] needs ${formatBytes(bytes)} (${bytes} bytes) in one GPU buffer, but the adapter ` +
        `(${adapter}) allows at most ${formatBytes(limit.bytes)} (${limit.name} = ${limit.bytes}): ` +
        'lower --batch-size or --size (or --base-filters), or use a GPU whose limit is larger.',
    );
    markUserError(this);
  }
}

/** Bytes as MiB/GiB with one decimal, for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** A fused kernel (no stock counterpart to fall back to) called with inputs it does not take: names the kernel, what it takes and what it got. */
export class KernelInputError extends TypeError {
  override name = 'KernelInputError';
  constructor(kernel: string, expected: string, received: string) {
    super(`Expected ${expected} for the inputs of ${kernel} but received ${received}. Its callers check the inputs first and run tfjs' own ops otherwise; call it the same way.`);
  }
}

/** `dtype [shape]` of a kernel input, or 'missing': what a KernelInputError reports it received. */
export function describeInput(t: { dtype: string; shape: readonly number[] } | undefined): string {
  return t === undefined ? 'missing' : `${t.dtype} [${t.shape}]`;
}
