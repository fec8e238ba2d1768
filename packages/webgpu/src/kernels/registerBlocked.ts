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
 * Workgroup shape [x, y, 1] (64 invocations) for a register-blocked kernel with `dimN` columns: x
 * covers at most 8 blocks of 4 columns, fewer when N is narrow, so no invocation only computes
 * clamped columns (N = 16: 4 x 16 invocations, 16 x 64 outputs per workgroup).
 */
export function blockedWorkgroup(dimN: number): [number, number, number] {
  const x = Math.min(8, 2 ** Math.ceil(Math.log2(Math.max(1, Math.ceil(dimN / 4)))));
  return [x, 64 / x, 1];
}

/** Workgroup counts [N tiles, M tiles, splits] of a register-blocked kernel on `workgroup`. */
export function blockedDispatch(dimM: number, dimN: number, splits: number, workgroup: [number, number, number]): [number, number, number] {
  return [Math.ceil(dimN / (4 * workgroup[0])), Math.ceil(dimM / (4 * workgroup[1])), splits];
}

/**
 * main() of a register-blocked kernel on `workgroup` (each invocation a 4 x 4 block, z = split). `body` runs with mBase/nBase (the block's first row and column) and
 * split in scope and accumulates into acc0..acc3 (rows); writeC(split, m, n, value) stores.
 */
export function registerBlockedSource(workgroup: [number, number, number], body: string, helpers: string, write: string): string {
  return `
  ${helpers}
  fn writeC(split : i32, m : i32, n : i32, value : f32) { ${write} }

  fn main() {
    let tx = i32(localId.x);
    let ty = i32(localId.y);
    let n0 = i32(workgroupId.x) * ${4 * workgroup[0]};
    let m0 = i32(workgroupId.y) * ${4 * workgroup[1]};
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
