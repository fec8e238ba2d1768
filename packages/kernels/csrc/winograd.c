// Winograd F(2x2, 3x3) for stride-1 3x3 convolutions of NHWC tensors with channel counts that are
// multiples of 4 (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", CVPR 2016,
// https://arxiv.org/abs/1509.09308). Each 2x2 output tile takes 16 products per channel pair
// instead of 36: the input's 4x4 patches go through V = B^T d B, the filter through U = G g G^T,
// then 16 GEMMs (one per position xi of the 4x4 transform) multiply V[xi] (tiles x C) by U[xi]
// (C x OC), and Y = A^T M A turns each tile's 16 sums back into 2x2 outputs.
#include <wasm_simd128.h>
#include "kernels.h"

#define NR 8

void gemm(const float *A, int rsA, int csA, const float *Bp, float *C, int ldc, int M, int N, int K, int beta, int tid,
          int nth);

// V[xi * T * C + t * C + c] for tile t = (n * TH + th) * TW + tw of the input patch at rows
// 2 * th - padT + 0..3 and columns 2 * tw - padL + 0..3 (zero outside the image). Threads split the
// tile rows (n, th).
EXPORT void winograd_input(const ConvGeom *g, const float *x, float *V, int tid, int nth) {
  const int C = g->c, H = g->h, W = g->w, TH = (g->oh + 1) / 2, TW = (g->ow + 1) / 2;
  const long T = (long)g->n * TH * TW, plane = T * C;
  int rows = g->n * TH;
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int r = r0; r < r1; r++) {
    int th = r % TH, n = r / TH;
    for (int tw = 0; tw < TW; tw++) {
      long t = (long)r * TW + tw;
      int ih0 = 2 * th - g->padT, iw0 = 2 * tw - g->padL;
      for (int c = 0; c < C; c += 4) {
        v128_t d[4][4];
        for (int i = 0; i < 4; i++) {
          int ih = ih0 + i;
          for (int j = 0; j < 4; j++) {
            int iw = iw0 + j;
            d[i][j] = (ih >= 0 && ih < H && iw >= 0 && iw < W)
                          ? wasm_v128_load(x + (((long)n * H + ih) * W + iw) * C + c)
                          : zero;
          }
        }
        // Rows: B^T d.
        v128_t u[4][4];
        for (int j = 0; j < 4; j++) {
          u[0][j] = wasm_f32x4_sub(d[0][j], d[2][j]);
          u[1][j] = wasm_f32x4_add(d[1][j], d[2][j]);
          u[2][j] = wasm_f32x4_sub(d[2][j], d[1][j]);
          u[3][j] = wasm_f32x4_sub(d[1][j], d[3][j]);
        }
        // Columns: (B^T d) B.
        float *dst = V + t * C + c;
        for (int i = 0; i < 4; i++) {
          wasm_v128_store(dst + (i * 4 + 0) * plane, wasm_f32x4_sub(u[i][0], u[i][2]));
          wasm_v128_store(dst + (i * 4 + 1) * plane, wasm_f32x4_add(u[i][1], u[i][2]));
          wasm_v128_store(dst + (i * 4 + 2) * plane, wasm_f32x4_sub(u[i][2], u[i][1]));
          wasm_v128_store(dst + (i * 4 + 3) * plane, wasm_f32x4_sub(u[i][1], u[i][3]));
        }
      }
    }
  }
}

// U = G g G^T for every (input channel, output channel) pair of the 3x3 filter, written as the 16
// matrices U[xi] (ci rows x co columns) packed as pack_b packs them: Up + xi * ci * ldb, panels of
// 8 columns, zero-padded. rot = 1 takes the stride-1 input gradient's filter: g rotated 180 degrees
// with its channel axes swapped (filter HWIO is then 3 x 3 x co x ci). Threads split the rows.
EXPORT void winograd_filter(const float *filter, int ci, int co, int rot, float *Up, int tid, int nth) {
  const int ldb = (co + NR - 1) / NR * NR;
  int c0 = split(ci, tid, nth, 0), c1 = split(ci, tid, nth, 1);
  for (int c = c0; c < c1; c++) {
    for (int o = 0; o < ldb; o++) {
      float gg[3][3];
      for (int h = 0; h < 3; h++) {
        for (int w = 0; w < 3; w++) {
          float v = 0.0f;
          if (o < co) v = rot ? filter[((2 - h) * 3 + (2 - w)) * ci * co + (long)o * ci + c] : filter[(h * 3 + w) * ci * co + (long)c * co + o];
          gg[h][w] = v;
        }
      }
      // G g: 4 x 3.
      float t[4][3];
      for (int w = 0; w < 3; w++) {
        t[0][w] = gg[0][w];
        t[1][w] = 0.5f * (gg[0][w] + gg[1][w] + gg[2][w]);
        t[2][w] = 0.5f * (gg[0][w] - gg[1][w] + gg[2][w]);
        t[3][w] = gg[2][w];
      }
      // (G g) G^T: 4 x 4.
      for (int i = 0; i < 4; i++) {
        float u[4] = {t[i][0], 0.5f * (t[i][0] + t[i][1] + t[i][2]), 0.5f * (t[i][0] - t[i][1] + t[i][2]), t[i][2]};
        for (int j = 0; j < 4; j++) {
          float *panel = Up + (long)(i * 4 + j) * ci * ldb + (long)(o / NR) * ci * NR;
          panel[(long)c * NR + o % NR] = u[j];
        }
      }
    }
  }
}

// The 16 GEMMs M[xi] (T x ldb) = V[xi] (T x ci) * U[xi]; each share does its part of every one.
EXPORT void winograd_gemm(const float *V, const float *Up, float *M, int T, int ci, int co, int tid, int nth) {
  const int ldb = (co + NR - 1) / NR * NR;
  for (int xi = 0; xi < 16; xi++) {
    gemm(V + (long)xi * T * ci, ci, 1, Up + (long)xi * ci * ldb, M + (long)xi * T * ldb, ldb, T, co, ci, 0, tid, nth);
  }
}

// out (N x OH x OW x co, dense) = A^T M A per tile and channel, plus bias[co] when non-null; tiles
// reaching past the output's last row or column write only their inside. Threads split the tile rows.
EXPORT void winograd_output(const ConvGeom *g, const float *M, int co, const float *bias, float *out, int tid,
                            int nth) {
  const int OH = g->oh, OW = g->ow, TH = (OH + 1) / 2, TW = (OW + 1) / 2;
  const int ldb = (co + NR - 1) / NR * NR;
  const long T = (long)g->n * TH * TW, plane = T * ldb;
  int rows = g->n * TH;
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  for (int r = r0; r < r1; r++) {
    int th = r % TH, n = r / TH;
    for (int tw = 0; tw < TW; tw++) {
      long t = (long)r * TW + tw;
      for (int o = 0; o < co; o += 4) {
        const float *src = M + t * ldb + o;
        v128_t m[4][4];
        for (int i = 0; i < 4; i++)
          for (int j = 0; j < 4; j++) m[i][j] = wasm_v128_load(src + (i * 4 + j) * plane);
        // A^T m: 2 x 4.
        v128_t s[2][4];
        for (int j = 0; j < 4; j++) {
          s[0][j] = wasm_f32x4_add(wasm_f32x4_add(m[0][j], m[1][j]), m[2][j]);
          s[1][j] = wasm_f32x4_sub(wasm_f32x4_sub(m[1][j], m[2][j]), m[3][j]);
        }
        v128_t b = bias ? wasm_v128_load(bias + o) : wasm_f32x4_splat(0.0f);
        for (int i = 0; i < 2; i++) {
          int oh = 2 * th + i;
          if (oh >= OH) break;
          v128_t y0 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(s[i][0], s[i][1]), s[i][2]), b);
          v128_t y1 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(s[i][1], s[i][2]), s[i][3]), b);
          float *row = out + (((long)n * OH + oh) * OW + 2 * tw) * co + o;
          wasm_v128_store(row, y0);
          if (2 * tw + 1 < OW) wasm_v128_store(row + co, y1);
        }
      }
    }
  }
}

// Filter gradient, step 1: dMp[xi] = A dY A^T per 2x2 tile of dy (zero past the last row or
// column) and output channel, packed as pack_b packs a (T x co) matrix: dMp + xi * T * ldb, panels
// of 8 columns. dy's channels are a multiple of 4. Threads split the tile rows.
EXPORT void winograd_dy(const ConvGeom *g, const float *dy, int co, float *dMp, int tid, int nth) {
  const int OH = g->oh, OW = g->ow, TH = (OH + 1) / 2, TW = (OW + 1) / 2;
  const int ldb = (co + NR - 1) / NR * NR;
  const long T = (long)g->n * TH * TW, plane = T * ldb;
  int rows = g->n * TH;
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int r = r0; r < r1; r++) {
    int th = r % TH, n = r / TH;
    for (int tw = 0; tw < TW; tw++) {
      long t = (long)r * TW + tw;
      for (int o = 0; o < co; o += 4) {
        v128_t y[2][2];
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            int oh = 2 * th + i, ow = 2 * tw + j;
            y[i][j] = oh < OH && ow < OW ? wasm_v128_load(dy + (((long)n * OH + oh) * OW + ow) * co + o) : zero;
          }
        }
        // Rows: A y (4 x 2), then columns: (A y) A^T (4 x 4).
        v128_t a[4][2];
        for (int j = 0; j < 2; j++) {
          a[0][j] = y[0][j];
          a[1][j] = wasm_f32x4_add(y[0][j], y[1][j]);
          a[2][j] = wasm_f32x4_sub(y[0][j], y[1][j]);
          a[3][j] = wasm_f32x4_neg(y[1][j]);
        }
        float *dst = dMp + (long)(o / NR) * T * NR + t * NR + o % NR;
        for (int i = 0; i < 4; i++) {
          wasm_v128_store(dst + (i * 4 + 0) * plane, a[i][0]);
          wasm_v128_store(dst + (i * 4 + 1) * plane, wasm_f32x4_add(a[i][0], a[i][1]));
          wasm_v128_store(dst + (i * 4 + 2) * plane, wasm_f32x4_sub(a[i][0], a[i][1]));
          wasm_v128_store(dst + (i * 4 + 3) * plane, wasm_f32x4_neg(a[i][1]));
        }
      }
    }
  }
}

// Filter gradient, step 2: the 16 GEMMs dU[xi] (ci x ldb) = V[xi]^T (ci x T) * dM[xi] (T x co),
// V read through strides (no transpose copy); each share does its part of every one.
EXPORT void winograd_filter_gemm(const float *V, const float *dMp, float *dU, int T, int ci, int co, int tid, int nth) {
  const int ldb = (co + NR - 1) / NR * NR;
  for (int xi = 0; xi < 16; xi++) {
    gemm(V + (long)xi * T * ci, 1, ci, dMp + (long)xi * T * ldb, dU + (long)xi * ci * ldb, ldb, ci, co, T, 0, tid, nth);
  }
}

// Filter gradient, step 3: dg = G^T dU G for every (input channel, output channel) pair, written
// as the HWIO filter (3 x 3 x ci x co). Threads split the input channels.
EXPORT void winograd_filter_grad(const float *dU, int ci, int co, float *dW, int tid, int nth) {
  const int ldb = (co + NR - 1) / NR * NR;
  const long plane = (long)ci * ldb;
  int c0 = split(ci, tid, nth, 0), c1 = split(ci, tid, nth, 1);
  for (int c = c0; c < c1; c++) {
    for (int o = 0; o < co; o++) {
      float u[4][4];
      for (int xi = 0; xi < 16; xi++) u[xi / 4][xi % 4] = dU[xi * plane + (long)c * ldb + o];
      // G^T u: 3 x 4.
      float t[3][4];
      for (int j = 0; j < 4; j++) {
        t[0][j] = u[0][j] + 0.5f * (u[1][j] + u[2][j]);
        t[1][j] = 0.5f * (u[1][j] - u[2][j]);
        t[2][j] = 0.5f * (u[1][j] + u[2][j]) + u[3][j];
      }
      // (G^T u) G: 3 x 3.
      for (int h = 0; h < 3; h++) {
        float *d = dW + (long)(h * 3) * ci * co + (long)c * co + o;
        d[0] = t[h][0] + 0.5f * (t[h][1] + t[h][2]);
        d[(long)ci * co] = 0.5f * (t[h][1] - t[h][2]);
        d[2L * ci * co] = 0.5f * (t[h][1] + t[h][2]) + t[h][3];
      }
    }
  }
}
