/** Which WebGPU adapter maskflow-webgpu would run on, or why there is none, for `maskflow doctor`. */
import type { WebGpuProbe } from '@maskflow/webgpu';

/** Ask @maskflow/webgpu (loaded only now, like the other optional backends) for an adapter; makes no device. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  let webgpu: { probeWebGpu: () => Promise<WebGpuProbe> };
  try {
    webgpu = (await import('@maskflow/webgpu')) as typeof webgpu;
  } catch (err) {
    return { ok: false, reason: `@maskflow/webgpu failed to load: ${(err as Error).message}`, hint: 'run pnpm install', driverOutput: [] };
  }
  return webgpu.probeWebGpu();
}
