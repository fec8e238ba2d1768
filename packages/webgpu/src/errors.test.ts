import { describe, expect, it } from 'vitest';
import { NVIDIA_VULKAN_HINT, noAdapterHint, VULKAN_HINT, WebGpuUnavailableError } from './errors.js';

describe('noAdapterHint', () => {
  it("gives NVIDIA's advice (GLVND system-wide, NVIDIA's own manifest and EGL vendor file, container capabilities) when an NVIDIA manifest was offered", () => {
    expect(noAdapterHint(['/usr/share/vulkan/icd.d/nvidia_icd.json'])).toBe(NVIDIA_VULKAN_HINT);
    expect(noAdapterHint(['/etc/vulkan/icd.d/radeon_icd.x86_64.json', '/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json'])).toBe(NVIDIA_VULKAN_HINT);
    expect(NVIDIA_VULKAN_HINT).toContain('NVIDIA_DRIVER_CAPABILITIES');
    expect(NVIDIA_VULKAN_HINT).toContain('MASKFLOW_VULKAN_ICD');
    expect(NVIDIA_VULKAN_HINT).toContain('__EGL_VENDOR_LIBRARY_FILENAMES');
    expect(NVIDIA_VULKAN_HINT).toContain('ldconfig');
  });

  it('says what to install when no manifest, or no NVIDIA one, was offered', () => {
    expect(noAdapterHint([])).toBe(VULKAN_HINT);
    expect(noAdapterHint(['/repo/.cache/mesa-vulkan/lvp_icd.json'])).toBe(VULKAN_HINT);
    // A folder named after NVIDIA does not make another vendor's manifest NVIDIA's.
    expect(noAdapterHint(['/opt/nvidia-tools/icd.d/intel_icd.json'])).toBe(VULKAN_HINT);
  });

  it('ends the error message with the hint', () => {
    const error = new WebGpuUnavailableError('no WebGPU adapter', noAdapterHint(['/etc/vulkan/icd.d/nvidia_icd.json']));
    expect(error.message).toBe(`no WebGPU adapter: ${NVIDIA_VULKAN_HINT}`);
  });
});
