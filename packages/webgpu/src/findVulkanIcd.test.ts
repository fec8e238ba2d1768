import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyVulkanIcd, findVulkanIcd } from './findVulkanIcd.js';

describe('findVulkanIcd', () => {
  const root = mkdtempSync(join(tmpdir(), 'maskflow-icd-'));
  const deep = join(root, 'packages', 'webgpu');
  mkdirSync(deep, { recursive: true });

  it('prefers MASKFLOW_VULKAN_ICD, then VK_ICD_FILENAMES', () => {
    expect(findVulkanIcd({ MASKFLOW_VULKAN_ICD: '/a.json', VK_ICD_FILENAMES: '/b.json' }, deep)).toEqual({ path: '/a.json', source: 'MASKFLOW_VULKAN_ICD' });
    expect(findVulkanIcd({ VK_ICD_FILENAMES: '/b.json' }, deep)).toEqual({ path: '/b.json', source: 'VK_ICD_FILENAMES' });
  });

  it("walks up to the project's .cache/mesa-vulkan, listed after the system's drivers but not its old lavapipe", () => {
    const system = join(root, 'icd.d');
    mkdirSync(system);
    for (const name of ['nvidia_icd.json', 'lvp_icd.x86_64.json', 'README']) writeFileSync(join(system, name), '{}');
    expect(findVulkanIcd({}, deep, [system]).source).not.toBe('.cache/mesa-vulkan');
    mkdirSync(join(root, '.cache', 'mesa-vulkan'), { recursive: true });
    const icd = join(root, '.cache', 'mesa-vulkan', 'lvp_icd.json');
    writeFileSync(icd, '{}');
    expect(findVulkanIcd({}, deep, [])).toEqual({ path: icd, source: '.cache/mesa-vulkan' });
    expect(findVulkanIcd({}, deep, [system, join(root, 'missing')])).toEqual({ path: `${join(system, 'nvidia_icd.json')}:${icd}`, source: '.cache/mesa-vulkan' });
  });

  it('sets VK_ICD_FILENAMES only for a manifest it found', () => {
    const env: NodeJS.ProcessEnv = {};
    applyVulkanIcd({ path: null, source: 'system' }, env);
    expect(env.VK_ICD_FILENAMES).toBeUndefined();
    applyVulkanIcd({ path: '/x/lvp_icd.json', source: '.cache/mesa-vulkan' }, env);
    expect(env.VK_ICD_FILENAMES).toBe('/x/lvp_icd.json');
  });
});
