/** Where the Vulkan driver manifest (ICD json) comes from, so Dawn finds a driver with no env vars set by hand. */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The manifest chosen and why: an env variable, the project's lavapipe cache, or the system's drivers. */
export interface VulkanIcd {
  /** Absolute path of the ICD json, or null to let the Vulkan loader search the system's driver folders. */
  path: string | null;
  source: 'MASKFLOW_VULKAN_ICD' | 'VK_ICD_FILENAMES' | '.cache/mesa-vulkan' | 'system';
}

const CACHE_ICD = join('.cache', 'mesa-vulkan', 'lvp_icd.json');

/** Where the Vulkan loader looks for driver manifests by default (Linux). */
export const SYSTEM_ICD_DIRS = ['/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/usr/share/vulkan/icd.d'];

/** The system's driver manifests, without its own lavapipe (Debian 12's Mesa 22.3 one, which Dawn rejects). */
export function systemIcds(dirs: readonly string[] = SYSTEM_ICD_DIRS): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.json') && !name.startsWith('lvp_icd')) found.push(join(dir, name));
    }
  }
  return found;
}

/**
 * Find the ICD: MASKFLOW_VULKAN_ICD, else VK_ICD_FILENAMES (left as the user set it), else the
 * `.cache/mesa-vulkan/lvp_icd.json` that tools/setup/vulkan.sh writes, looked for in this package's
 * directory and every directory above it, else the system's (a hardware driver installed normally).
 * The cached lavapipe is listed after the system's own manifests, so a machine with a GPU driver
 * still gets its GPU (Dawn prefers a discrete adapter) after the tests provisioned lavapipe.
 */
export function findVulkanIcd(env: NodeJS.ProcessEnv = process.env, from: string = packageDir(), systemDirs: readonly string[] = SYSTEM_ICD_DIRS): VulkanIcd {
  const own = env.MASKFLOW_VULKAN_ICD;
  if (own !== undefined && own !== '') return { path: own, source: 'MASKFLOW_VULKAN_ICD' };
  const vk = env.VK_ICD_FILENAMES;
  if (vk !== undefined && vk !== '') return { path: vk, source: 'VK_ICD_FILENAMES' };
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, CACHE_ICD);
    if (existsSync(candidate)) return { path: [...systemIcds(systemDirs), candidate].join(':'), source: '.cache/mesa-vulkan' };
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
