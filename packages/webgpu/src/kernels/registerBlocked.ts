/**
 * WGSL frame of a register-blocked kernel: each invocation computes a 4 x 4 block of C from global
 * memory, no workgroup memory.
 *
 * Why a second kind: on llvmpipe (lavapipe, the software adapter CI runs) every workgroup-memory read
 * is a per-lane gather, and the tiled GEMM's inner loop spends ~80% of its time there (measured with
 * bench:kernels: removing those reads cut a 4x64x64x64 backprop-input from ~1.3 s to ~0.26 s). Reading
 * operands straight from storage buffers with a 4 x 4 register block and index math hoisted out of
 * the reduction loop is the fast shape there. Hardware adapters keep the workgroup-memory tiles.
 */
import { writeBack } from './tiledGemm.js';

/** acc_r += a_r * b for the block's four rows (a0..a3 : f32, b : vec4<f32>). */
export const FMA_BLOCK = `
        acc0 = fma(vec4<f32>(a0), b, acc0);
        acc1 = fma(vec4<f32>(a1), b, acc1);
        acc2 = fma(vec4<f32>(a2), b, acc2);
        acc3 = fma(vec4<f32>(a3), b, acc3);`;

/**
 * main() of a register-blocked kernel on the GEMM grid (workgroup 8 x 8, 32 x 32 outputs per
 * workgroup, z = split). `body` runs with mBase/nBase (the block's first row and column) and
 * split in scope and accumulates into acc0..acc3 (rows); writeC(split, m, n, value) stores.
 */
export function registerBlockedSource(body: string, helpers: string, write: string): string {
  return `
  fn udiv(a : i32, b : i32) -> i32 { return i32((f32(a) + 0.5) / f32(b)); }
  ${helpers}
  fn writeC(split : i32, m : i32, n : i32, value : f32) { ${write} }

  fn main() {
    let tx = i32(localId.x);
    let ty = i32(localId.y);
    let n0 = i32(workgroupId.x) * 32;
    let m0 = i32(workgroupId.y) * 32;
    let split = i32(workgroupId.z);
    let mBase = m0 + ty * 4;
    let nBase = n0 + tx * 4;
    var acc0 = vec4<f32>(0.0);
    var acc1 = vec4<f32>(0.0);
    var acc2 = vec4<f32>(0.0);
    var acc3 = vec4<f32>(0.0);
    ${body}
    let n = nBase;
    ${writeBack()}
  }
  `;
}
