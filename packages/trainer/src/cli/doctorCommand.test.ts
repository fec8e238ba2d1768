import { describe, expect, it } from 'vitest';
import { webgpuLines } from './doctorCommand.js';

describe('maskflow doctor: the WebGPU lines', () => {
  it("shows the driver's own output when there is no adapter", () => {
    const lines = webgpuLines({ ok: false, reason: "Dawn's adapter probe crashed with SIGSEGV", hint: 'update the driver', driverOutput: ['ICD loaded', 'vkCreateInstance failed'] });
    expect(lines).toEqual(["webgpu:   no adapter: Dawn's adapter probe crashed with SIGSEGV", '  driver said: ICD loaded', '  driver said: vkCreateInstance failed']);
  });

  it('leaves start-up noise out when there is an adapter', () => {
    const limits = { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 32, maxComputeWorkgroupStorageSize: 32768, maxComputeInvocationsPerWorkgroup: 1024, maxComputeWorkgroupsPerDimension: 65535 };
    const adapter = { vendor: 'mesa', architecture: '', device: 'llvmpipe', description: 'llvmpipe (LLVM 15)', software: true, limits };
    const lines = webgpuLines({ ok: true, adapter, icd: { path: null, source: 'system' }, driverOutput: ['Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced'] });
    expect(lines[0]).toBe('webgpu:   llvmpipe (LLVM 15) (software: correct, not a speed figure)');
    expect(lines.join('\n')).not.toMatch(/driver said|artificially/);
    expect(lines[2]).toMatch(/max storage buffer 128 MiB, max buffer 4.0 GiB/);
  });
});
