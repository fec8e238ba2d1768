import { describe, expect, it } from 'vitest';
import { requestDawnAdapter } from './createDawnDevice.js';
import { findVulkanIcd } from './findVulkanIcd.js';
import { probeAdapterInChild } from './probeInChild.js';

describe('probeAdapterInChild', () => {
  it('sees the adapter that Dawn finds in this process (lavapipe in CI)', async () => {
    const probe = await probeAdapterInChild(findVulkanIcd());
    expect(probe.kind).toBe('adapter');
    // What lavapipe and Dawn print as they start came back to us instead of going to our stderr.
    if (probe.kind === 'adapter' && probe.description.software) expect(probe.driverOutput.join('\n')).toMatch(/artificially reduced|XDG_RUNTIME_DIR/);
    const here = await requestDawnAdapter();
    expect(probe.kind === 'adapter' && probe.description).toEqual(here.description);
  });

  it('names a driver that crashes the child, with its last words', async () => {
    const script = "process.stderr.write('vkCreateInstance: driver exploded\\n'); process.kill(process.pid, 'SIGSEGV');";
    const probe = await probeAdapterInChild(findVulkanIcd(), { script });
    expect(probe).toEqual({ kind: 'failed', reason: 'crashed with SIGSEGV (its last output: "vkCreateInstance: driver exploded")', driverOutput: ['vkCreateInstance: driver exploded'] });
  });

  it('stops a child that hangs', async () => {
    const probe = await probeAdapterInChild(findVulkanIcd(), { script: 'setInterval(() => {}, 1000);', timeoutMs: 300 });
    expect(probe).toEqual({ kind: 'failed', reason: 'gave no answer in 0.3 s and was stopped', driverOutput: [] });
  });

  it('reports an exit code, and output that is no adapter report', async () => {
    expect(await probeAdapterInChild(findVulkanIcd(), { script: 'process.exit(3)' })).toEqual({ kind: 'failed', reason: 'exited with code 3', driverOutput: [] });
    expect(await probeAdapterInChild(findVulkanIcd(), { script: "console.log('hello')" })).toEqual({ kind: 'failed', reason: 'ended without an adapter report', driverOutput: [] });
  });

  // The child's own script, with a stand-in for the webgpu package.
  const stub = (body: string): string => `data:text/javascript,${encodeURIComponent(body)}`;

  it('tells a package that does not load from a crash', async () => {
    const probe = await probeAdapterInChild(findVulkanIcd(), { module: 'file:///nonexistent/webgpu/index.js' });
    expect(probe.kind).toBe('unloadable');
    expect(probe.kind === 'unloadable' && probe.message).toMatch(/Cannot find module .*nonexistent/);
  });

  it('reports what Dawn threw, and "no adapter" as none', async () => {
    const throwing = stub("export const create = () => { throw new Error('bad flag'); };");
    expect(await probeAdapterInChild(findVulkanIcd(), { module: throwing })).toEqual({ kind: 'failed', reason: 'threw: bad flag', driverOutput: [] });
    const none = stub('export const create = () => ({ requestAdapter: async () => null });');
    expect(await probeAdapterInChild(findVulkanIcd(), { module: none })).toEqual({ kind: 'none', driverOutput: [] });
  });
});
