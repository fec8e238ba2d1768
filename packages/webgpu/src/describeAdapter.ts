/** What an adapter is (vendor, device, software or hardware) and the limits Maskflow cares about. */

/** An adapter as `maskflow doctor` and BackendInfo report it. */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for fallback/software adapters (lavapipe/llvmpipe, SwiftShader): correct, but not a speed figure. */
  software: boolean;
  limits: AdapterLimits;
}

/** The limits that decide which tensors fit. */
export interface AdapterLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupsPerDimension: number;
}

/** The largest tensor a kernel can bind, in bytes: every tfjs-webgpu tensor is one storage buffer. */
export function largestTensorBytes(limits: AdapterLimits): { name: 'maxStorageBufferBindingSize' | 'maxBufferSize'; bytes: number } {
  return limits.maxStorageBufferBindingSize <= limits.maxBufferSize
    ? { name: 'maxStorageBufferBindingSize', bytes: limits.maxStorageBufferBindingSize }
    : { name: 'maxBufferSize', bytes: limits.maxBufferSize };
}

/** What describeAdapter reads of an adapter: a GPUAdapter, or the copy a child process sends back (probeInChild.ts). */
export interface AdapterFacts {
  info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean; adapterType?: string };
  limits: AdapterLimits;
  isFallbackAdapter?: boolean;
}

const SOFTWARE_DEVICES = /llvmpipe|lavapipe|swiftshader|softpipe/i;

/** Read an adapter's info and limits; software = Dawn's fallback flag, the 'cpu' adapter type, or a known software driver. */
export function describeAdapter(adapter: AdapterFacts): AdapterDescription {
  const info = adapter.info;
  const l = adapter.limits;
  const software =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    info.adapterType === 'cpu' ||
    info.architecture === 'software' ||
    (info.vendor === 'mesa' && /llvmpipe/i.test(info.device)) ||
    SOFTWARE_DEVICES.test(`${info.device} ${info.description}`);
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    software,
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    },
  };
}

/** One line for logs: "nvidia hopper (NVIDIA H200), hardware, max storage buffer 2.0 GiB". */
export function formatAdapter(a: AdapterDescription): string {
  const name = [a.vendor, a.architecture].filter((s) => s !== '').join(' ') || 'unknown vendor';
  const device = a.description !== '' ? a.description : a.device;
  const mib = (b: number): string => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${Math.round(b / 2 ** 20)} MiB`);
  return `${name} (${device}), ${a.software ? 'software' : 'hardware'}, max storage buffer ${mib(a.limits.maxStorageBufferBindingSize)}, max buffer ${mib(a.limits.maxBufferSize)}`;
}
