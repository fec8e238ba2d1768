// Single-precision GEMM for WebAssembly SIMD (f32x4): C = op(A) * B, where A is read through
// generic strides (so A or A^T costs the same) and B is first packed into 8-column panels.
// The loop order is GotoBLAS's (NC x KC blocks of packed B kept in L2, a 4 x KC sliver of A in L1,
// a 4x8 register-blocked micro-kernel), without packing A. See Goto & van de Geijn, "Anatomy of
// High-Performance Matrix Multiplication", ACM TOMS 34(3), 2008.
#include <wasm_simd128.h>
#include "kernels.h"

#define NR 8
#define MR 4
#define KC 256
#define NC 256

// Packs B (K x N, element (p, j) at B[p * rsB + j * csB]) into panels of NR columns:
// Bp[(j / NR) * K * NR + p * NR + j % NR], zero-padded up to a multiple of NR columns.
// Threads split the panels.
EXPORT void pack_b(const float *B, int rsB, int csB, int K, int N, float *Bp, int tid, int nth) {
  int panels = (N + NR - 1) / NR;
  int j0 = split(panels, tid, nth, 0), j1 = split(panels, tid, nth, 1);
  for (int jp = j0; jp < j1; jp++) {
    float *dst = Bp + (long)jp * K * NR;
    int cols = N - jp * NR < NR ? N - jp * NR : NR;
    if (csB == 1 && cols == NR) {
      for (int p = 0; p < K; p++) {
        const float *src = B + (long)p * rsB + jp * NR;
        wasm_v128_store(dst + p * NR, wasm_v128_load(src));
        wasm_v128_store(dst + p * NR + 4, wasm_v128_load(src + 4));
      }
      continue;
    }
    for (int p = 0; p < K; p++) {
      for (int c = 0; c < NR; c++) {
        dst[p * NR + c] = c < cols ? B[(long)p * rsB + (long)(jp * NR + c) * csB] : 0.0f;
      }
    }
  }
}

// Packs the filter of the stride-1 input gradient as pack_b would pack it: the HWIO filter
// (kh x kw x ci x oc) rotated 180 degrees with its channel axes swapped (kh x kw x oc x ci), so
// B(p = (h * kw + w) * oc + o, j = i) = filter[((kh - 1 - h) * kw + (kw - 1 - w)) * ci * oc + i * oc + o],
// read straight from the filter (no rotated copy). Threads split the panels.
EXPORT void pack_b_rot180(const float *filter, int kh, int kw, int ci, int oc, float *Bp, int tid, int nth) {
  int taps = kh * kw, K = taps * oc;
  int panels = (ci + NR - 1) / NR;
  int j0 = split(panels, tid, nth, 0), j1 = split(panels, tid, nth, 1);
  for (int jp = j0; jp < j1; jp++) {
    float *dst = Bp + (long)jp * K * NR;
    for (int s = 0; s < taps; s++) {
      const float *src = filter + (long)(taps - 1 - s) * ci * oc;
      for (int o = 0; o < oc; o++) {
        float *d = dst + ((long)s * oc + o) * NR;
        for (int c = 0; c < NR; c++) {
          int i = jp * NR + c;
          d[c] = i < ci ? src[(long)i * oc + o] : 0.0f;
        }
      }
    }
  }
}

// C[4 x 8] (+)= A[4 x kc] * Bp[kc x 8]. A(i, p) = A[i * rsA + p * csA].
static inline void micro_4x8(int kc, const float *A, int rsA, int csA, const float *Bp, float *C, int ldc, int acc) {
  v128_t c00, c01, c10, c11, c20, c21, c30, c31;
  if (acc) {
    c00 = wasm_v128_load(C); c01 = wasm_v128_load(C + 4);
    c10 = wasm_v128_load(C + ldc); c11 = wasm_v128_load(C + ldc + 4);
    c20 = wasm_v128_load(C + 2 * ldc); c21 = wasm_v128_load(C + 2 * ldc + 4);
    c30 = wasm_v128_load(C + 3 * ldc); c31 = wasm_v128_load(C + 3 * ldc + 4);
  } else {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = wasm_f32x4_splat(0.0f);
  }
  const float *a0 = A, *a1 = A + rsA, *a2 = A + 2 * rsA, *a3 = A + 3 * rsA;
  for (int p = 0; p < kc; p++) {
    v128_t b0 = wasm_v128_load(Bp), b1 = wasm_v128_load(Bp + 4);
    Bp += NR;
    long o = (long)p * csA;
    v128_t a = wasm_f32x4_splat(a0[o]);
    c00 = MADD(c00, a, b0); c01 = MADD(c01, a, b1);
    a = wasm_f32x4_splat(a1[o]);
    c10 = MADD(c10, a, b0); c11 = MADD(c11, a, b1);
    a = wasm_f32x4_splat(a2[o]);
    c20 = MADD(c20, a, b0); c21 = MADD(c21, a, b1);
    a = wasm_f32x4_splat(a3[o]);
    c30 = MADD(c30, a, b0); c31 = MADD(c31, a, b1);
  }
  wasm_v128_store(C, c00); wasm_v128_store(C + 4, c01);
  wasm_v128_store(C + ldc, c10); wasm_v128_store(C + ldc + 4, c11);
  wasm_v128_store(C + 2 * ldc, c20); wasm_v128_store(C + 2 * ldc + 4, c21);
  wasm_v128_store(C + 3 * ldc, c30); wasm_v128_store(C + 3 * ldc + 4, c31);
}

// One row: C[1 x 8] (+)= A[1 x kc] * Bp[kc x 8], for the rows left over after the 4-row blocks.
static inline void micro_1x8(int kc, const float *A, int csA, const float *Bp, float *C, int acc) {
  v128_t c0 = acc ? wasm_v128_load(C) : wasm_f32x4_splat(0.0f);
  v128_t c1 = acc ? wasm_v128_load(C + 4) : wasm_f32x4_splat(0.0f);
  for (int p = 0; p < kc; p++) {
    v128_t a = wasm_f32x4_splat(A[(long)p * csA]);
    c0 = MADD(c0, a, wasm_v128_load(Bp));
    c1 = MADD(c1, a, wasm_v128_load(Bp + 4));
    Bp += NR;
  }
  wasm_v128_store(C, c0);
  wasm_v128_store(C + 4, c1);
}

// C (M x Npad, row stride ldc >= Npad) (+)= A * B with B packed by pack_b; Npad = N rounded up to 8.
// C's padding columns receive A times the zero padding of B; the caller ignores them.
// beta = 1 accumulates into C, 0 overwrites it. Threads split the rows of C, or its panels when C
// is wider than tall (or has too few rows to share): a share then reads all of A and its part of
// packed B rather than all of B, which is the larger of the two there (deep U-Net layers: 64 rows
// of im2col times a 4608 x 512 filter).
EXPORT void gemm(const float *A, int rsA, int csA, const float *Bp, float *C, int ldc, int M, int N, int K,
                 int beta, int tid, int nth) {
  int panels = (N + NR - 1) / NR;
  int m0 = 0, m1 = M, q0 = 0, q1 = panels;
  if ((M >= N && M >= 8 * nth) || panels < nth) {
    int blocks = (M + MR - 1) / MR;
    m0 = split(blocks, tid, nth, 0) * MR;
    m1 = split(blocks, tid, nth, 1) * MR;
    if (m1 > M) m1 = M;
  } else {
    q0 = split(panels, tid, nth, 0);
    q1 = split(panels, tid, nth, 1);
  }
  for (int jc = q0; jc < q1; jc += NC / NR) {
    int jend = jc + NC / NR < q1 ? jc + NC / NR : q1;
    for (int pc = 0; pc < K; pc += KC) {
      int kc = K - pc < KC ? K - pc : KC;
      int acc = beta || pc > 0;
      int i = m0;
      for (; i + MR <= m1; i += MR) {
        const float *a = A + (long)i * rsA + (long)pc * csA;
        for (int jp = jc; jp < jend; jp++) {
          micro_4x8(kc, a, rsA, csA, Bp + (long)jp * K * NR + (long)pc * NR, C + (long)i * ldc + jp * NR, ldc, acc);
        }
      }
      for (; i < m1; i++) {
        const float *a = A + (long)i * rsA + (long)pc * csA;
        for (int jp = jc; jp < jend; jp++) {
          micro_1x8(kc, a, csA, Bp + (long)jp * K * NR + (long)pc * NR, C + (long)i * ldc + jp * NR, acc);
        }
      }
    }
  }
}
