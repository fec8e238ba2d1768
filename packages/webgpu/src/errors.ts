/** Errors of @maskflow/webgpu: why no device could be made, and tensors that do not fit a buffer. */
import { markUserError } from '@maskflow/errors';

/** What to install for a Vulkan device on Linux (printed with every "no adapter" reason). */
export const VULKAN_HINT =
  "install the Vulkan loader (apt-get install libvulkan1) and a Vulkan driver: the GPU vendor's (NVIDIA's driver ships one) or, " +
  "for the software driver the tests use, run 'bash tools/setup/vulkan.sh' (Mesa 25 lavapipe into .cache/mesa-vulkan)";

/**
 * What to do when NVIDIA's manifest was offered and Dawn still found no adapter: the manifest is there
 * but the driver library it names did not start (seen in a CUDA container on an H200: "Could not get
 * 'vkCreateInstance' via 'vk_icdGetInstanceProcAddr' for ICD libGLX_nvidia.so.0"). What made it start
 * there: GLVND's libraries installed system-wide (libglvnd0, libegl1, libgl1, libglx0), NVIDIA's own
 * manifest under /usr/local/nvidia, and GLVND told where NVIDIA's EGL vendor file is (all three at once:
 * which of them was needed is not known; with the Vulkan loader alone the driver did not start).
 */
export const NVIDIA_VULKAN_HINT =
  "NVIDIA's Vulkan manifest is there but its driver did not start. What made it start on an H200: install " +
  'libglvnd0, libegl1, libgl1 and libglx0 system-wide (apt-get install, or dpkg -x into / then ldconfig), ' +
  'point MASKFLOW_VULKAN_ICD at the nvidia_icd.json an NVIDIA container keeps in /usr/local/nvidia/share/vulkan/icd.d, and set ' +
  '__EGL_VENDOR_LIBRARY_FILENAMES to its /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json. In a container, the NVIDIA runtime mounts ' +
  "the driver's Vulkan libraries only when NVIDIA_DRIVER_CAPABILITIES includes 'graphics' (docker run --gpus all -e NVIDIA_DRIVER_CAPABILITIES=all)";

/** The hint for "no adapter" after offering these driver manifests: NVIDIA's own advice when one of them is NVIDIA's. */
export function noAdapterHint(manifests: readonly string[]): string {
  return manifests.some((m) => /(^|\/)nvidia[^/]*\.json$/.test(m)) ? NVIDIA_VULKAN_HINT : VULKAN_HINT;
}

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
