// im2col and its gather-form adjoint for NHWC tensors and HWIO filters: a convolution becomes one
// GEMM, col[m, (kh * KW + kw) * C + c] = x[n, oh * sh - padT + kh * dh, ow * sw - padL + kw * dw, c]
// with m = (n * OH + oh) * OW + ow, so col (M x KH*KW*C) times the filter reshaped to
// (KH*KW*C x OC) is the output. Zero outside the image ("same" padding).
#include <wasm_simd128.h>
#include "kernels.h"

static inline void copy_floats(float *dst, const float *src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
  for (; i < n; i++) dst[i] = src[i];
}

static inline void zero_floats(float *dst, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_splat(0.0f));
  for (; i < n; i++) dst[i] = 0.0f;
}

static inline void add_floats(float *dst, const float *src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    wasm_v128_store(dst + i, wasm_f32x4_add(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
  }
  for (; i < n; i++) dst[i] += src[i];
}

// Fills col (M x KH*KW*C). Threads split the rows m.
EXPORT void im2col(const ConvGeom *g, const float *x, float *col, int tid, int nth) {
  int M = g->n * g->oh * g->ow;
  int m0 = split(M, tid, nth, 0), m1 = split(M, tid, nth, 1);
  for (int m = m0; m < m1; m++) {
    int ow = m % g->ow, t = m / g->ow, oh = t % g->oh, n = t / g->oh;
    float *row = col + (long)m * g->ldcol;
    for (int kh = 0; kh < g->kh; kh++) {
      int ih = oh * g->sh - g->padT + kh * g->dh;
      for (int kw = 0; kw < g->kw; kw++) {
        int iw = ow * g->sw - g->padL + kw * g->dw;
        float *dst = row + (kh * g->kw + kw) * g->c;
        if (ih < 0 || ih >= g->h || iw < 0 || iw >= g->w) {
          zero_floats(dst, g->c);
        } else {
          copy_floats(dst, x + (((long)n * g->h + ih) * g->w + iw) * g->c, g->c);
        }
      }
    }
  }
}

// The adjoint of im2col: dx[n, ih, iw, c] = sum of every col entry im2col would have read from it.
// Gathering per input pixel (instead of scattering per col row) lets threads split the pixels
// without write conflicts. Threads split the rows (n, ih).
EXPORT void col2im(const ConvGeom *g, const float *col, float *dx, int tid, int nth) {
  int rows = g->n * g->h;
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  for (int r = r0; r < r1; r++) {
    int ih = r % g->h, n = r / g->h;
    for (int iw = 0; iw < g->w; iw++) {
      float *dst = dx + ((long)r * g->w + iw) * g->c;
      zero_floats(dst, g->c);
      for (int kh = 0; kh < g->kh; kh++) {
        int th = ih + g->padT - kh * g->dh;
        if (th < 0 || th % g->sh != 0) continue;
        int oh = th / g->sh;
        if (oh >= g->oh) continue;
        for (int kw = 0; kw < g->kw; kw++) {
          int tw = iw + g->padL - kw * g->dw;
          if (tw < 0 || tw % g->sw != 0) continue;
          int ow = tw / g->sw;
          if (ow >= g->ow) continue;
          long m = ((long)n * g->oh + oh) * g->ow + ow;
          add_floats(dst, col + m * g->ldcol + (kh * g->kw + kw) * g->c, g->c);
        }
      }
    }
  }
}

// Copies the first n columns of a (rows x ldSrc) matrix into a dense (rows x n) one, adding
// bias[j] when bias is non-null. Threads split the rows.
EXPORT void unpad_cols(const float *src, int ldSrc, float *dst, int rows, int n, const float *bias, int tid, int nth) {
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  for (int r = r0; r < r1; r++) {
    const float *s = src + (long)r * ldSrc;
    float *d = dst + (long)r * n;
    if (bias) {
      for (int j = 0; j < n; j++) d[j] = s[j] + bias[j];
    } else {
      copy_floats(d, s, n);
    }
  }
}
