/** Where the Vulkan driver manifest (ICD json) comes from, so Dawn finds a driver with no env vars set by hand. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The manifest chosen and why: an env variable, the project's lavapipe cache, or the system's drivers. */
export interface VulkanIcd {
  /** Absolute path of the ICD json, or null to let the Vulkan loader search the system's driver folders. */
  path: string | null;
  source: 'MASKFLOW_VULKAN_ICD' | 'VK_ICD_FILENAMES' | '.cache/mesa-vulkan' | 'system';
}

const CACHE_ICD = join('.cache', 'mesa-vulkan', 'lvp_icd.json');

/**
 * Find the ICD: MASKFLOW_VULKAN_ICD, else VK_ICD_FILENAMES (left as the user set it), else the
 * `.cache/mesa-vulkan/lvp_icd.json` that tools/setup/vulkan.sh writes, looked for in this package's
 * directory and every directory above it, else the system's (a hardware driver installed normally).
 */
export function findVulkanIcd(env: NodeJS.ProcessEnv = process.env, from: string = packageDir()): VulkanIcd {
  const own = env.MASKFLOW_VULKAN_ICD;
  if (own !== undefined && own !== '') return { path: own, source: 'MASKFLOW_VULKAN_ICD' };
  const vk = env.VK_ICD_FILENAMES;
  if (vk !== undefined && vk !== '') return { path: vk, source: 'VK_ICD_FILENAMES' };
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, CACHE_ICD);
    if (existsSync(candidate)) return { path: candidate, source: '.cache/mesa-vulkan' };
    if (dirname(dir) === dir) return { path: null, source: 'system' };
  }
}

/**
 * Point the Vulkan loader at `icd` (sets VK_ICD_FILENAMES). Must run before Dawn creates its
 * instance: the loader reads the variable once, when the instance is made.
 */
export function applyVulkanIcd(icd: VulkanIcd, env: NodeJS.ProcessEnv = process.env): void {
  if (icd.path !== null) env.VK_ICD_FILENAMES = icd.path;
}

function packageDir(): string {
  return dirname(dirname(fileURLToPath(import.meta.url)));
}
