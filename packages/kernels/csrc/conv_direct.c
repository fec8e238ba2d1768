// Direct ("implicit GEMM") convolutions for NHWC tensors with few channels, where the im2col
// matrix (KH*KW*C floats per output pixel, 9x the input for a 3x3 filter) is tens of megabytes
// that are written once and read once from main memory: here the multiply-adds read the input
// tensor itself, a few image rows of which stay in L1/L2. Dilation 1 only.
//
// Forward: the GEMM of gemm.c with the rows of im2col never stored. For 4 output pixels of one
// row whose windows lie inside the image, the KW*C inputs a filter row (kh) reads are contiguous in
// NHWC, so the 4x8 micro-kernel runs over KH such segments straight from x; pixels near the left
// and right edges are gathered into a small zero-padded buffer first.
// Filter gradient: dW[kh, kw, c, o] = sum over output pixels of x[.., ih, iw, c] * dy[.., o]; for
// each (output row, kh, kw) the pixels whose input lies inside the image form one run, over which
// a (4 channels x 8 outputs) tile of dW accumulates in registers. Shares write separate partial
// sums, added in share order by sum_partials (so results do not depend on which thread ran which
// share).
#include <wasm_simd128.h>
#include "kernels.h"

#define NR 8

// c[0..7] (4 rows x 8 columns) += A[4 x len] * b[len x 8]; A's rows at a0..a3, contiguous.
static inline __attribute__((always_inline)) void mac4x8(int len, const float *a0, const float *a1, const float *a2,
                                                          const float *a3, const float *b, v128_t *c) {
  v128_t c00 = c[0], c01 = c[1], c10 = c[2], c11 = c[3], c20 = c[4], c21 = c[5], c30 = c[6], c31 = c[7];
  for (int p = 0; p < len; p++) {
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    b += NR;
    v128_t a = wasm_v128_load32_splat(a0 + p);
    c00 = MADD(c00, a, b0); c01 = MADD(c01, a, b1);
    a = wasm_v128_load32_splat(a1 + p);
    c10 = MADD(c10, a, b0); c11 = MADD(c11, a, b1);
    a = wasm_v128_load32_splat(a2 + p);
    c20 = MADD(c20, a, b0); c21 = MADD(c21, a, b1);
    a = wasm_v128_load32_splat(a3 + p);
    c30 = MADD(c30, a, b0); c31 = MADD(c31, a, b1);
  }
  c[0] = c00; c[1] = c01; c[2] = c10; c[3] = c11; c[4] = c20; c[5] = c21; c[6] = c30; c[7] = c31;
}

// Writes rows [0, nr) of the 4x8 tile c to out (row stride ldo), columns [0, cols), plus bias.
static inline void store_tile(const v128_t *c, int nr, int cols, const float *bias, float *out, int ldo) {
  v128_t bb0 = wasm_f32x4_splat(0.0f), bb1 = bb0;
  if (bias) {
    float b[NR];
    for (int j = 0; j < NR; j++) b[j] = j < cols ? bias[j] : 0.0f;
    bb0 = wasm_v128_load(b);
    bb1 = wasm_v128_load(b + 4);
  }
  for (int r = 0; r < nr; r++) {
    v128_t v0 = c[2 * r], v1 = c[2 * r + 1];
    if (bias) {
      v0 = wasm_f32x4_add(v0, bb0);
      v1 = wasm_f32x4_add(v1, bb1);
    }
    float *dst = out + (long)r * ldo;
    if (cols == NR) {
      wasm_v128_store(dst, v0);
      wasm_v128_store(dst + 4, v1);
    } else {
      float t[NR];
      wasm_v128_store(t, v0);
      wasm_v128_store(t + 4, v1);
      for (int j = 0; j < cols; j++) dst[j] = t[j];
    }
  }
}

// out (N*OH*OW x oc, dense) = conv(x, filter) (+ bias[oc] when bias is non-null), with the filter
// (K = KH*KW*C rows, HWIO order, x oc columns) packed by pack_b into 8-column panels Bp.
// edges: 4 * K floats of scratch per share (pixels near the left and right edges are gathered there).
// Requires dilation 1. Threads split the output rows (n, oh).
EXPORT void conv_direct(const ConvGeom *g, const float *x, const float *Bp, int oc, const float *bias, float *out,
                        float *edges, int tid, int nth) {
  const int C = g->c, KH = g->kh, KW = g->kw, H = g->h, W = g->w, sw = g->sw, OW = g->ow;
  const int L = KW * C, K = KH * L, panels = (oc + NR - 1) / NR;
  const long xs = (long)sw * C, rowStride = (long)W * C;
  float *edge = edges + (long)tid * 4 * K;
  int rows = g->n * g->oh;
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  for (int r = r0; r < r1; r++) {
    int oh = r % g->oh, n = r / g->oh;
    int ih0 = oh * g->sh - g->padT;
    int khs = ih0 < 0 ? -ih0 : 0, khe = H - ih0 < KH ? H - ih0 : KH;
    const float *img = x + (long)n * H * rowStride;
    float *orow = out + (long)r * OW * oc;
    for (int ow = 0; ow < OW; ow += 4) {
      int nr = OW - ow < 4 ? OW - ow : 4;
      int iw0 = ow * sw - g->padL;
      int interior = nr == 4 && iw0 >= 0 && iw0 + 3 * sw + KW <= W;
      const float *base = img + (long)ih0 * rowStride + (long)iw0 * C;
      if (!interior) {
        // im2col of these (up to) 4 pixels, zero outside the image and for missing pixels.
        for (int j = 0; j < 4; j++) {
          float *dst = edge + j * K;
          for (int kh = 0; kh < KH; kh++) {
            for (int kw = 0; kw < KW; kw++) {
              int ih = ih0 + kh, iw = iw0 + j * sw + kw;
              float *d = dst + (kh * KW + kw) * C;
              int inside = j < nr && ih >= 0 && ih < H && iw >= 0 && iw < W;
              const float *s = img + (long)ih * rowStride + (long)iw * C;
              for (int c = 0; c < C; c++) d[c] = inside ? s[c] : 0.0f;
            }
          }
        }
      }
      for (int jp = 0; jp < panels; jp++) {
        const float *b = Bp + (long)jp * K * NR;
        v128_t acc[8];
        for (int i = 0; i < 8; i++) acc[i] = wasm_f32x4_splat(0.0f);
        if (interior) {
          for (int kh = khs; kh < khe; kh++) {
            const float *a = base + kh * rowStride;
            mac4x8(L, a, a + xs, a + 2 * xs, a + 3 * xs, b + (long)kh * L * NR, acc);
          }
        } else {
          mac4x8(K, edge, edge + K, edge + 2 * K, edge + 3 * K, b, acc);
        }
        int cols = oc - jp * NR < NR ? oc - jp * NR : NR;
        store_tile(acc, nr, cols, bias ? bias + jp * NR : 0, orow + (long)ow * oc + jp * NR, oc);
      }
    }
  }
}

// tile (R rows of channels, row stride ldt, x 8 outputs) += sum over t < cnt of
// x[t * xs + r] * dy[t * lddy + 0..7].
static inline __attribute__((always_inline)) void filter_tile(int R, int cnt, const float *x, long xs, const float *dy,
                                                               long lddy, float *tile, int ldt) {
  v128_t c[8];
  for (int r = 0; r < R; r++) {
    c[2 * r] = wasm_v128_load(tile + r * ldt);
    c[2 * r + 1] = wasm_v128_load(tile + r * ldt + 4);
  }
  for (int t = 0; t < cnt; t++) {
    v128_t b0 = wasm_v128_load(dy), b1 = wasm_v128_load(dy + 4);
    for (int r = 0; r < R; r++) {
      v128_t a = wasm_v128_load32_splat(x + r);
      c[2 * r] = MADD(c[2 * r], a, b0);
      c[2 * r + 1] = MADD(c[2 * r + 1], a, b1);
    }
    x += xs;
    dy += lddy;
  }
  for (int r = 0; r < R; r++) {
    wasm_v128_store(tile + r * ldt, c[2 * r]);
    wasm_v128_store(tile + r * ldt + 4, c[2 * r + 1]);
  }
}

// Filter gradient, dW (K = KH*KW*C rows in HWIO order x oc columns) = sum over output pixels,
// with oc a multiple of 8 and dy's rows lddy apart. Share tid adds its rows' sums into
// partials + tid * K * oc, which the caller zeroed. Dilation 1. Threads split the output rows.
EXPORT void conv_filter_direct(const ConvGeom *g, const float *x, const float *dy, int oc, float *partials,
                               int tid, int nth) {
  const int C = g->c, KH = g->kh, KW = g->kw, H = g->h, W = g->w, sw = g->sw, OW = g->ow, padL = g->padL;
  const long xs = (long)sw * C;
  float *P = partials + (long)tid * KH * KW * C * oc;
  int rows = g->n * g->oh;
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  for (int r = r0; r < r1; r++) {
    int oh = r % g->oh, n = r / g->oh;
    const float *dyrow = dy + (long)r * OW * oc;
    for (int kh = 0; kh < KH; kh++) {
      int ih = oh * g->sh - g->padT + kh;
      if (ih < 0 || ih >= H) continue;
      const float *xrow = x + ((long)n * H + ih) * W * C;
      for (int kw = 0; kw < KW; kw++) {
        // Output columns ow with 0 <= ow * sw - padL + kw < W.
        int lo = padL - kw, hi = W - 1 + padL - kw;
        if (hi < 0) continue;
        int a = lo <= 0 ? 0 : (lo + sw - 1) / sw, b = hi / sw + 1;
        if (b > OW) b = OW;
        if (a >= b) continue;
        const float *px = xrow + (long)(a * sw - padL + kw) * C;
        const float *pd = dyrow + (long)a * oc;
        float *prow = P + (long)(kh * KW + kw) * C * oc;
        for (int c = 0; c < C; c += 4) {
          int R = C - c < 4 ? C - c : 4;
          for (int j = 0; j < oc; j += NR) {
            float *tile = prow + (long)c * oc + j;
            switch (R) {
              case 4: filter_tile(4, b - a, px + c, xs, pd + j, oc, tile, oc); break;
              case 3: filter_tile(3, b - a, px + c, xs, pd + j, oc, tile, oc); break;
              case 2: filter_tile(2, b - a, px + c, xs, pd + j, oc, tile, oc); break;
              default: filter_tile(1, b - a, px + c, xs, pd + j, oc, tile, oc); break;
            }
          }
        }
      }
    }
  }
}

// out[i] = sum over s < parts of partials[s * n + i], in share order. Threads split i.
EXPORT void sum_partials(const float *partials, int parts, int n, float *out, int tid, int nth) {
  int i0 = split(n / 4, tid, nth, 0) * 4, i1 = split(n / 4, tid, nth, 1) * 4;
  if (tid == nth - 1) i1 = n;
  for (int i = i0; i < i1; i++) out[i] = 0.0f;
  for (int s = 0; s < parts; s++) {
    const float *p = partials + (long)s * n;
    int i = i0;
    for (; i + 4 <= i1; i += 4) wasm_v128_store(out + i, wasm_f32x4_add(wasm_v128_load(out + i), wasm_v128_load(p + i)));
    for (; i < i1; i++) out[i] += p[i];
  }
}
