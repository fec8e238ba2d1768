/** Dawn (the `webgpu` npm package) instance, adapter and device, made by Maskflow rather than by tfjs. */
import { existsSync } from 'node:fs';
import { describeAdapter, type AdapterDescription } from './describeAdapter.js';
import { noAdapterHint, VULKAN_HINT, WebGpuUnavailableError } from './errors.js';
import { applyVulkanIcd, findVulkanIcd, SYSTEM_ICD_DIRS, systemIcds, type VulkanIcd } from './findVulkanIcd.js';

/** An adapter Dawn found, with the driver manifest it came through. Holds no device. */
export interface DawnAdapter {
  gpu: GPU;
  adapter: GPUAdapter;
  description: AdapterDescription;
  icd: VulkanIcd;
}

/** A device made with the adapter's own buffer and workgroup limits (WebGPU's defaults cap storage buffers at 128 MiB). */
export interface DawnDevice extends DawnAdapter {
  device: GPUDevice;
}

interface DawnModule {
  create: (options: string[]) => GPU;
  globals: Record<string, unknown>;
}

let dawn: Promise<DawnModule> | undefined;

/**
 * Load dawn.node once, after pointing the Vulkan loader at the ICD (findVulkanIcd), and put Dawn's
 * WebGPU classes (GPUBuffer, GPUBufferUsage, ...) on globalThis, where tfjs-backend-webgpu looks.
 */
async function loadDawn(icd: VulkanIcd): Promise<DawnModule> {
  applyVulkanIcd(icd);
  dawn ??= import('webgpu').then((m) => m as unknown as DawnModule);
  let mod: DawnModule;
  try {
    mod = await dawn;
  } catch (err) {
    dawn = undefined;
    throw dawnLoadFailure((err as Error).message, err);
  }
  for (const [key, value] of Object.entries(mod.globals)) {
    if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  return mod;
}

/** The npm package 'webgpu' (dawn.node) did not load: its loader's message, and what to do. */
export function dawnLoadFailure(message: string, cause?: unknown): WebGpuUnavailableError {
  return new WebGpuUnavailableError(`dawn.node (npm package 'webgpu') failed to load: ${message}`, 'reinstall with pnpm install on linux-x64, macOS or Windows', { cause });
}

const LOADER_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu'];

/** Whether libvulkan.so.1 is where the dynamic loader looks (Linux only; elsewhere assumed present). */
function vulkanLoaderPresent(env: NodeJS.ProcessEnv): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter((d) => d !== ''), ...LOADER_DIRS];
  return dirs.some((d) => existsSync(`${d}/libvulkan.so.1`));
}

/** Why Dawn found no adapter, as exactly as the machine lets us tell. */
export function noAdapterReason(icd: VulkanIcd): WebGpuUnavailableError {
  if (!vulkanLoaderPresent(process.env)) {
    return new WebGpuUnavailableError('no WebGPU adapter: the Vulkan loader libvulkan.so.1 is not installed', VULKAN_HINT);
  }
  if (icd.path !== null && !icd.path.split(':').every((p) => existsSync(p))) {
    return new WebGpuUnavailableError(`no WebGPU adapter: the Vulkan driver manifest ${icd.path} (from ${icd.source}) does not exist`, VULKAN_HINT);
  }
  // With no manifest chosen, the loader reads the system's folders: name what it found there.
  const offered = icd.path === null ? systemIcds() : icd.path.split(':');
  const where = icd.path === null ? `the system's Vulkan drivers (${offered.length === 0 ? `none in ${SYSTEM_ICD_DIRS.join(', ')}` : offered.join(', ')})` : `${icd.path} (from ${icd.source})`;
  return new WebGpuUnavailableError(`no WebGPU adapter: Dawn found no usable Vulkan driver through ${where}`, noAdapterHint(offered));
}

/** Dawn's flags for create(): GPU timestamps at the driver's resolution (see requestDawnAdapter). */
export const DAWN_FLAGS = 'disable-dawn-features=timestamp_quantization';

/** Find the high-performance adapter without making a device (what `maskflow doctor` and 'auto' look at first). */
export async function requestDawnAdapter(): Promise<DawnAdapter> {
  const icd = findVulkanIcd();
  const { create } = await loadDawn(icd);
  // Dawn rounds GPU timestamps down to multiples of 65.536 us by default (a browser's guard against
  // timing attacks). On a hardware GPU most kernels of a step are shorter than that and tf.profile
  // read 0 ms for them (seen on an H200); a process that runs our own kernels has nothing to guard.
  const gpu = create([DAWN_FLAGS]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) throw noAdapterReason(icd);
  return { gpu, adapter, description: describeAdapter(adapter), icd };
}

/**
 * Make a device on `found` (or on the adapter requestDawnAdapter finds) with the adapter's largest
 * limits, and `timestamp-query` where the adapter has it: tfjs-backend-webgpu then times each
 * program with GPU timestamps under tf.profile / tf.time (without it, it reports 0 ms per kernel).
 * The queries are written only while a profile runs; training records none.
 */
export async function createDawnDevice(found?: DawnAdapter): Promise<DawnDevice> {
  const a = found ?? (await requestDawnAdapter());
  const l = a.adapter.limits;
  const timestamps: GPUFeatureName = 'timestamp-query';
  let device: GPUDevice;
  try {
    device = await a.adapter.requestDevice({
      requiredFeatures: a.adapter.features.has(timestamps) ? [timestamps] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
        maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      },
    });
  } catch (err) {
    throw new WebGpuUnavailableError(`the adapter refused a device: ${(err as Error).message}`, 'update the GPU driver', { cause: err });
  }
  return { ...a, device };
}
