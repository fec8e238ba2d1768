/** What `maskflow doctor` asks: which adapter Dawn finds, or exactly why there is none. */
import { dawnLoadFailure, noAdapterReason } from './createDawnDevice.js';
import type { AdapterDescription } from './describeAdapter.js';
import { findVulkanIcd, type VulkanIcd } from './findVulkanIcd.js';
import { probeAdapterInChild } from './probeInChild.js';

/**
 * An adapter (with the driver manifest used), or the reason there is none and what to install;
 * `driverOutput`: the last lines the Vulkan driver and Dawn wrote to stderr while probing.
 */
export type WebGpuProbe = ({ ok: true; adapter: AdapterDescription; icd: VulkanIcd } | { ok: false; reason: string; hint: string }) & { driverOutput: string[] };

/** What to do when the probe itself failed (a driver that crashed or hung the child). */
export const PROBE_FAILED_HINT = "the Vulkan driver's own messages are under 'driver said' in `maskflow doctor`; update or reinstall the driver, or pass --backend webgpu to load it into the run anyway";

/**
 * Ask Dawn for an adapter without making a device, in a child process (probeInChild.ts): a driver
 * that crashes or hangs there cannot take the caller down. Never rejects.
 */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const icd = findVulkanIcd();
  const probe = await probeAdapterInChild(icd);
  const { driverOutput } = probe;
  if (probe.kind === 'adapter') return { ok: true, adapter: probe.description, icd, driverOutput };
  if (probe.kind === 'failed') return { ok: false, reason: `Dawn's adapter probe ${probe.reason}`, hint: PROBE_FAILED_HINT, driverOutput };
  const { reason, hint } = probe.kind === 'unloadable' ? dawnLoadFailure(probe.message) : noAdapterReason(icd);
  return { ok: false, reason, hint, driverOutput };
}
