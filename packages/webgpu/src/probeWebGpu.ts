/** What `maskflow doctor` asks: which adapter Dawn finds, or exactly why there is none. */
import { requestDawnAdapter } from './createDawnDevice.js';
import type { AdapterDescription } from './describeAdapter.js';
import { WebGpuUnavailableError } from './errors.js';
import type { VulkanIcd } from './findVulkanIcd.js';

/** An adapter (with the driver manifest used), or the reason there is none and what to install. */
export type WebGpuProbe =
  | { ok: true; adapter: AdapterDescription; icd: VulkanIcd }
  | { ok: false; reason: string; hint: string };

/** Ask Dawn for an adapter without making a device; never throws for a missing driver. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  try {
    const found = await requestDawnAdapter();
    return { ok: true, adapter: found.description, icd: found.icd };
  } catch (err) {
    if (err instanceof WebGpuUnavailableError) return { ok: false, reason: err.reason, hint: err.hint };
    throw err;
  }
}
