import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKernelBytes, relaxedSimdRuns, requestedSimdBuild, SIMD_ENV } from './simdBuild.js';
import { OptionRangeError, OptionTypeError } from '@maskflow/errors';

describe('choosing the kernel build', () => {
  it("asks for 'auto' unless the option or MASKFLOW_WASM_SIMD says otherwise; the option wins", () => {
    expect(requestedSimdBuild(undefined, {})).toBe('auto');
    expect(requestedSimdBuild(undefined, { [SIMD_ENV]: 'plain' })).toBe('plain');
    expect(requestedSimdBuild('relaxed', { [SIMD_ENV]: 'plain' })).toBe('relaxed');
  });

  it('names the variable or the option it could not read, and says what to use', () => {
    expect(() => requestedSimdBuild(undefined, { [SIMD_ENV]: 'fma' })).toThrow(OptionRangeError);
    expect(() => requestedSimdBuild(undefined, { [SIMD_ENV]: 'fma' })).toThrow(/'auto', 'relaxed' or 'plain' for MASKFLOW_WASM_SIMD but received "fma"/);
    expect(() => requestedSimdBuild(3 as never, {})).toThrow(OptionTypeError);
    expect(() => requestedSimdBuild(3 as never, {})).toThrow(/simd/);
  });

  it('runs the relaxed build on this Node (20: behind a V8 flag it switches on; 22+: by default), the plain one when asked', async () => {
    const relaxed = readFileSync(new URL('../wasm/kernels-relaxed.wasm', import.meta.url));
    expect(relaxedSimdRuns(relaxed)).toBe(true);
    const auto = await loadKernelBytes('auto');
    expect(auto.build).toBe('relaxed');
    expect(Buffer.from(auto.bytes).equals(relaxed)).toBe(true);
    const plain = await loadKernelBytes('plain');
    expect(plain).toMatchObject({ build: 'plain', reason: 'requested' });
    expect(Buffer.from(plain.bytes).equals(readFileSync(new URL('../wasm/kernels.wasm', import.meta.url)))).toBe(true);
  });
});
