/** Register 'maskflow-webgpu': our Dawn device, every stock webgpu kernel, then Maskflow's WGSL replacements. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { createDawnDevice, requestDawnAdapter, type DawnDevice } from './createDawnDevice.js';
import { formatAdapter, type AdapterDescription } from './describeAdapter.js';
import { OptionTypeError, checkBoolean } from '@maskflow/errors';
import { WebGpuUnavailableError } from './errors.js';
import type { VulkanIcd } from './findVulkanIcd.js';
import { MASKFLOW_WEBGPU_KERNELS } from './kernels/index.js';
import { MaskflowWebGpuBackend } from './maskflowWebGpuBackend.js';
import { probeWebGpu } from './probeWebGpu.js';

/** Name of the backend registered by {@link registerWebGpuBackend}. */
export const WEBGPU_BACKEND = 'maskflow-webgpu';

/** Options of {@link registerWebGpuBackend}. */
export interface WebGpuBackendOptions {
  /** Refuse fallback/software adapters (lavapipe): what initBackend('auto') asks for. Default false. */
  requireHardware?: boolean;
}

/** What was registered: the adapter, the driver manifest, and which kernels are Maskflow's own. */
export interface WebGpuBackendInfo {
  backend: string;
  adapter: AdapterDescription;
  icd: VulkanIcd;
  replacedKernels: string[];
}

interface Registration {
  info: WebGpuBackendInfo;
  dawn: DawnDevice;
}

let registration: Promise<Registration> | undefined;

/**
 * Create the Dawn device and register 'maskflow-webgpu' (priority 0: only tf.setBackend picks it).
 * Idempotent until {@link releaseWebGpuBackend}. Rejects with WebGpuUnavailableError (reason + what to
 * install) when there is no adapter, or only a software one and `requireHardware` is set.
 */
export async function registerWebGpuBackend(opts: WebGpuBackendOptions = {}): Promise<WebGpuBackendInfo> {
  if (typeof opts !== 'object' || opts === null) throw new OptionTypeError('registerWebGpuBackend options', 'an object', opts);
  if (opts.requireHardware !== undefined) checkBoolean('requireHardware', opts.requireHardware);
  if (registration === undefined) {
    registration = register(opts.requireHardware === true);
    registration.catch(() => {
      registration = undefined;
    });
  }
  const { info } = await registration;
  if (opts.requireHardware === true && info.adapter.software) throw softwareOnly(info.adapter);
  return info;
}

function softwareOnly(adapter: AdapterDescription): WebGpuUnavailableError {
  return new WebGpuUnavailableError(
    `only a software adapter: ${formatAdapter(adapter)}`,
    "correct but slow, so 'auto' does not pick it; pass --backend webgpu (initBackend({ prefer: 'webgpu' })) to use it anyway, or install the GPU's Vulkan driver",
  );
}

/**
 * 'auto' asks a child process first (probeWebGpu, probeInChild.ts) and loads Dawn into this
 * process only for a hardware adapter: without a GPU, the drivers' start-up warnings and any
 * driver crash stay out of the run, and the reason 'auto' passes over WebGPU is the one Dawn gives.
 */
async function requireHardwareAdapter(): Promise<void> {
  const probe = await probeWebGpu();
  if (!probe.ok) throw new WebGpuUnavailableError(probe.reason, probe.hint);
  if (probe.adapter.software) throw softwareOnly(probe.adapter);
}

async function register(requireHardware: boolean): Promise<Registration> {
  if (requireHardware) await requireHardwareAdapter();
  const found = await requestDawnAdapter();
  if (requireHardware && found.description.software) throw softwareOnly(found.description);
  const dawn = await createDawnDevice(found);
  // tfjs-backend-webgpu checks navigator.gpu when a backend is constructed. It was imported above,
  // before navigator.gpu existed, so it registered no 'webgpu' backend of its own to compete with ours.
  setNavigatorGpu(dawn.gpu);
  const { device, adapter, description } = dawn;
  tf.registerBackend(WEBGPU_BACKEND, () => new MaskflowWebGpuBackend(device, adapter.info, description), 0);
  for (const config of tf.getKernelsForBackend('webgpu')) {
    if (tf.getKernel(config.kernelName, WEBGPU_BACKEND) !== undefined) continue;
    tf.registerKernel(named({ ...config, backendName: WEBGPU_BACKEND }));
  }
  const replaced: string[] = [];
  for (const config of MASKFLOW_WEBGPU_KERNELS) {
    // The fused training kernels (MaskflowAdam, ...) have no stock kernel to replace.
    if (tf.getKernel(config.kernelName, WEBGPU_BACKEND) !== undefined) tf.unregisterKernel(config.kernelName, WEBGPU_BACKEND);
    tf.registerKernel(named({ ...config, backendName: WEBGPU_BACKEND }));
    replaced.push(config.kernelName);
  }
  return { dawn, info: { backend: WEBGPU_BACKEND, adapter: description, icd: dawn.icd, replacedKernels: replaced } };
}

/** Wrap a kernel so tensors it makes are named after it in BufferLimitErrors. */
function named(config: tf.KernelConfig): tf.KernelConfig {
  const { kernelFunc, kernelName } = config;
  return {
    ...config,
    kernelFunc: (args) => {
      const backend = args.backend as MaskflowWebGpuBackend;
      const outer = backend.currentKernel;
      backend.currentKernel = kernelName;
      try {
        return kernelFunc(args);
      } finally {
        backend.currentKernel = outer;
      }
    },
  };
}

function setNavigatorGpu(gpu: GPU | undefined): void {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (g.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}

/**
 * Remove the backend (tfjs disposes its buffers), destroy the device and drop navigator.gpu, so
 * Dawn holds nothing that keeps the process alive. Tensors still on the backend become unusable:
 * call it at the end of a run. A later registerWebGpuBackend makes a fresh device.
 */
export async function releaseWebGpuBackend(): Promise<void> {
  const pending = registration;
  if (pending === undefined) return;
  registration = undefined;
  let reg: Registration;
  try {
    reg = await pending;
  } catch (err) {
    if (err instanceof WebGpuUnavailableError) return;
    throw err;
  }
  if (tf.findBackendFactory(WEBGPU_BACKEND) !== null) tf.removeBackend(WEBGPU_BACKEND);
  reg.dawn.device.destroy();
  setNavigatorGpu(undefined);
}

/** The active 'maskflow-webgpu' backend instance, or undefined when another backend is active. */
export function activeWebGpuBackend(): MaskflowWebGpuBackend | undefined {
  const backend = tf.getBackend() === WEBGPU_BACKEND ? tf.backend() : undefined;
  return backend instanceof MaskflowWebGpuBackend ? backend : undefined;
}
