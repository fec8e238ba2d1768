import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { registerWebGpuBackend, WebGpuUnavailableError } from './index.js';

// Its own test file, so no other test has loaded Dawn into this worker: whether it is loaded shows
// in the globals that loading it defines (GPUBufferUsage, ...).
describe("registerWebGpuBackend({ requireHardware: true }) (what 'auto' asks for)", () => {
  it('turns down a software adapter without loading Dawn into this process', async () => {
    const err = await registerWebGpuBackend({ requireHardware: true }).then(
      () => null,
      (e: unknown) => e,
    );
    // CI and the 2-core machines have lavapipe only; on a hardware GPU this registers instead.
    if (err === null) return expect('GPUBufferUsage' in globalThis).toBe(true);
    expect(err).toBeInstanceOf(WebGpuUnavailableError);
    expect((err as Error).message).toMatch(/^only a software adapter: .*llvmpipe.*--backend webgpu/);
    expect('GPUBufferUsage' in globalThis).toBe(false);
  });
});
