/** WGSL for a workgroup-memory tiled GEMM C[m, n] = sum_k A(m, k) * B(k, n), with A, B and C given as snippets. */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/** Output tile rows (M) per workgroup. */
export const TILE_M = 32;
/** Output tile columns (N) per workgroup. */
export const TILE_N = 32;
/** Reduction (K) depth of one workgroup-memory tile. */
export const TILE_K = 32;
/** Workgroup shape: 8 x 8 invocations, each computing a 4 x 4 block of the 32 x 32 tile. */
export const GEMM_WORKGROUP: [number, number, number] = [8, 8, 1];

/** How one operand is gathered into workgroup memory. */
export interface OperandSource {
  /** WGSL body of `fn name(m_or_k : i32, k_or_n : i32) -> f32`; bounds (m < dimM, n < dimN, k < kEnd) are already checked. */
  body: string;
  /** Whether consecutive invocations should walk K (true) or M/N (false) when loading: pick the contiguous one in memory. */
  kContiguous: boolean;
}

/** The three pieces that turn the generic GEMM into one convolution gradient. */
export interface GemmSpec {
  /** A(m, k): `fn readA(m : i32, k : i32) -> f32`. */
  a: OperandSource;
  /** B(k, n): `fn readB(k : i32, n : i32) -> f32`. */
  b: OperandSource;
  /** WGSL body of `fn writeC(split : i32, m : i32, n : i32, value : f32)`, called for m < dimM, n < dimN. */
  write: string;
  /** Extra WGSL helpers the snippets call (module scope). */
  helpers?: string;
}

/**
 * Uniforms every GEMM program declares, in this order: dimM, dimN, dimK, kChunk (K range of one
 * split, a multiple of TILE_K), kTiles (= kChunk / TILE_K). Workgroup z is the split index.
 */
export const GEMM_UNIFORMS = 'dimM : i32, dimN : i32, dimK : i32, kChunk : i32, kTiles : i32,';

/** Uniform data matching GEMM_UNIFORMS for a split of K into chunks of `kChunk`. */
export function gemmUniformData(dimM: number, dimN: number, dimK: number, kChunk: number): { type: 'int32'; data: number[] }[] {
  return [dimM, dimN, dimK, kChunk, kChunk / TILE_K].map((v) => ({ type: 'int32' as const, data: [v] }));
}

/** Loop that fills one workgroup tile (`tile`, laid out [k][outer]) from `read`. */
function loadTile(tile: string, read: string, outer: number, source: OperandSource, outerBase: string, outerDim: string, aFirst: boolean): string {
  const size = TILE_K * outer;
  const threads = GEMM_WORKGROUP[0] * GEMM_WORKGROUP[1];
  const split = source.kContiguous
    ? `let kk = i % ${TILE_K}; let oo = i / ${TILE_K};`
    : `let oo = i % ${outer}; let kk = i / ${outer};`;
  const call = aFirst ? `${read}(o, k)` : `${read}(k, o)`;
  return `
    for (var i = li; i < ${size}; i = i + ${threads}) {
      ${split}
      let k = kt + kk;
      let o = ${outerBase} + oo;
      var v = 0.0;
      if (k < kEnd && o < ${outerDim}) { v = ${call}; }
      ${tile}4[kk * ${outer / 4} + oo / 4][oo % 4] = v;
    }`;
}

/** Unrolled store of the invocation's 4 x 4 block (acc0..acc3 hold rows), skipping cells past dimM / dimN. */
export function writeBack(): string {
  const rows = [0, 1, 2, 3].map((r) => {
    const cells = [0, 1, 2, 3].map((c) => `if (n + ${c} < uniforms.dimN) { writeC(split, m, n + ${c}, acc${r}[${c}]); }`);
    return `{ let m = m0 + ty * 4 + ${r}; if (m < uniforms.dimM) { ${cells.join(' ')} } }`;
  });
  return rows.join('\n    ');
}

/** The user code (module scope plus main) of a tiled GEMM program for `spec`. */
export function tiledGemmSource(spec: GemmSpec): string {
  return `
  var<workgroup> tileA4 : array<vec4<f32>, ${(TILE_K * TILE_M) / 4}>;
  var<workgroup> tileB4 : array<vec4<f32>, ${(TILE_K * TILE_N) / 4}>;
  ${spec.helpers ?? ''}
  fn readA(m : i32, k : i32) -> f32 { ${spec.a.body} }
  fn readB(k : i32, n : i32) -> f32 { ${spec.b.body} }
  fn writeC(split : i32, m : i32, n : i32, value : f32) { ${spec.write} }

  fn main() {
    let tx = i32(localId.x);
    let ty = i32(localId.y);
    let li = i32(localIndex);
    let n0 = i32(workgroupId.x) * ${TILE_N};
    let m0 = i32(workgroupId.y) * ${TILE_M};
    let split = i32(workgroupId.z);
    let kBegin = split * uniforms.kChunk;
    let kEnd = min(uniforms.dimK, kBegin + uniforms.kChunk);
    ${[0, 1, 2, 3].map((r) => `var acc${r} = vec4<f32>(0.0);`).join(' ')}
    for (var t = 0; t < uniforms.kTiles; t = t + 1) {
      let kt = kBegin + t * ${TILE_K};
      ${loadTile('tileA', 'readA', TILE_M, spec.a, 'm0', 'uniforms.dimM', true)}
      ${loadTile('tileB', 'readB', TILE_N, spec.b, 'n0', 'uniforms.dimN', false)}
      workgroupBarrier();
      for (var kk = 0; kk < ${TILE_K}; kk = kk + 1) {
        let b = tileB4[kk * ${TILE_N / 4} + tx];
        let a = tileA4[kk * ${TILE_M / 4} + ty];
        acc0 = fma(vec4<f32>(a.x), b, acc0);
        acc1 = fma(vec4<f32>(a.y), b, acc1);
        acc2 = fma(vec4<f32>(a.z), b, acc2);
        acc3 = fma(vec4<f32>(a.w), b, acc3);
      }
      workgroupBarrier();
    }
    let n = n0 + tx * 4;
    ${writeBack()}
  }
  `;
}

/** A tiled-GEMM program on the GEMM grid ([N tiles, M tiles, splits] workgroups of GEMM_WORKGROUP). */
export abstract class TiledGemmProgram implements WebGPUProgram {
  abstract variableNames: string[];
  abstract uniforms: string;
  abstract shaderKey: string;
  outputShape: number[];
  dispatchLayout = { x: [0], y: [1], z: [2] };
  dispatch: [number, number, number];
  workgroupSize = GEMM_WORKGROUP;

  constructor(outputShape: number[], dimM: number, dimN: number, splits: number) {
    this.outputShape = outputShape;
    this.dispatch = gemmDispatch(dimM, dimN, splits);
  }

  abstract getUserCode(): string;
}

/** Workgroup counts [N tiles, M tiles, splits] of a GEMM. */
export function gemmDispatch(dimM: number, dimN: number, splits: number): [number, number, number] {
  return [Math.ceil(dimN / TILE_N), Math.ceil(dimM / TILE_M), splits];
}

/**
 * Split K so that about `targetWorkgroups` workgroups run (split-K: each writes partial sums that
 * a second pass adds up), with chunks no shorter than `minChunk`. Returns the chunk length (a
 * multiple of TILE_K) and the number of splits.
 */
export function chooseSplitK(dimM: number, dimN: number, dimK: number, targetWorkgroups = 256, minChunk = 256): { kChunk: number; splits: number } {
  const tiles = Math.ceil(dimM / TILE_M) * Math.ceil(dimN / TILE_N);
  const roundUp = (v: number): number => Math.ceil(v / TILE_K) * TILE_K;
  const wanted = Math.max(1, Math.ceil(targetWorkgroups / tiles));
  const kChunk = Math.min(roundUp(Math.max(minChunk, Math.ceil(dimK / wanted))), roundUp(dimK));
  return { kChunk, splits: Math.ceil(dimK / kChunk) };
}
