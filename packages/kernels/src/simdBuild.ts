/**
 * Which of the two committed kernel builds a runtime loads. wasm/kernels-relaxed.wasm is the same
 * C with the convolution micro-kernels' multiply-adds as relaxed-SIMD f32x4.relaxed_madd, which
 * V8 lowers to one fused multiply-add on CPUs with FMA (x86 FMA3, Arm NEON) instead of a multiply
 * and an add; wasm/kernels.wasm is plain SIMD128 and runs everywhere WebAssembly SIMD does.
 */
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { OptionRangeError, OptionTypeError } from '@maskflow/errors';
import { wasm } from './wasmApi.js';

/** 'relaxed' (fused multiply-adds), 'plain' (SIMD128 only), or 'auto': relaxed where this Node runs it. */
export type SimdBuild = 'auto' | 'relaxed' | 'plain';

/** The environment variable that picks the build when the caller does not (MASKFLOW_WASM_SIMD=plain turns relaxed SIMD off). */
export const SIMD_ENV = 'MASKFLOW_WASM_SIMD';

/**
 * True when this Node's WebAssembly validates `relaxedBytes`. Node 22+ (V8 12) does by default;
 * Node 20 (V8 11.3) has relaxed SIMD behind --experimental-wasm-relaxed-simd, which V8 reads when
 * a module is compiled, so it is switched on here and the bytes validated again. Node's docs warn
 * that V8 flags set after start-up may do nothing; the second validation is what decides.
 */
export function relaxedSimdRuns(relaxedBytes: Uint8Array): boolean {
  if (wasm.validate(relaxedBytes)) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return wasm.validate(relaxedBytes);
}

/** The requested build: `choice`, else the MASKFLOW_WASM_SIMD variable, else 'auto'; any other value is an OptionRangeError (a string) or OptionTypeError naming where it came from. */
export function requestedSimdBuild(choice: SimdBuild | undefined, env: NodeJS.ProcessEnv = process.env): SimdBuild {
  const value: unknown = choice ?? env[SIMD_ENV] ?? 'auto';
  if (value === 'auto' || value === 'relaxed' || value === 'plain') return value;
  const name = choice === undefined ? SIMD_ENV : 'simd';
  const expected = "'auto', 'relaxed' or 'plain'", hint = "Use 'plain' to run the SIMD128 build without fused multiply-adds.";
  throw typeof value === 'string' ? new OptionRangeError(name, expected, value, hint) : new OptionTypeError(name, expected, value, hint);
}

/**
 * Loads the build to run: the relaxed one when requested ('auto' or 'relaxed') and this Node runs
 * it, else the plain one. 'relaxed' on a Node that cannot run it falls back to plain as well, and
 * says so in `reason`.
 */
export async function loadKernelBytes(request: SimdBuild): Promise<{ bytes: Uint8Array; build: 'relaxed' | 'plain'; reason: string }> {
  const plain = async (reason: string) => ({ bytes: await readFile(new URL('../wasm/kernels.wasm', import.meta.url)), build: 'plain' as const, reason });
  if (request === 'plain') return plain('requested');
  const relaxed = await readFile(new URL('../wasm/kernels-relaxed.wasm', import.meta.url));
  if (relaxedSimdRuns(relaxed)) return { bytes: relaxed, build: 'relaxed', reason: 'this Node runs relaxed SIMD' };
  return plain(`this Node (${process.version}) does not run relaxed SIMD`);
}
