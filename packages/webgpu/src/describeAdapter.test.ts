import { describe, expect, it } from 'vitest';
import { describeAdapter, formatAdapter, largestTensorBytes } from './describeAdapter.js';

const limits = {
  maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 32, maxComputeWorkgroupStorageSize: 49152,
  maxComputeInvocationsPerWorkgroup: 1024, maxComputeWorkgroupsPerDimension: 65535,
};
const adapter = (info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }): GPUAdapter =>
  ({ info: { vendor: '', architecture: '', device: '', description: '', ...info }, limits }) as unknown as GPUAdapter;

describe('describeAdapter', () => {
  it('tells a hardware GPU from software drivers', () => {
    const nvidia = describeAdapter(adapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' }));
    expect(nvidia.software).toBe(false);
    expect(formatAdapter(nvidia)).toBe('nvidia hopper (NVIDIA H200), hardware, max storage buffer 2.0 GiB, max buffer 4.0 GiB');
    expect(describeAdapter(adapter({ vendor: 'mesa', device: 'llvmpipe-llvm-15' })).software).toBe(true);
    expect(describeAdapter(adapter({ vendor: 'google', description: 'SwiftShader Device (Subzero)' })).software).toBe(true);
    expect(describeAdapter(adapter({ vendor: 'x', isFallbackAdapter: true })).software).toBe(true);
  });

  it('the largest tensor is bounded by the smaller of the two buffer limits', () => {
    expect(largestTensorBytes(limits)).toEqual({ name: 'maxStorageBufferBindingSize', bytes: 2 ** 31 });
    expect(largestTensorBytes({ ...limits, maxBufferSize: 2 ** 30 })).toEqual({ name: 'maxBufferSize', bytes: 2 ** 30 });
  });
});
