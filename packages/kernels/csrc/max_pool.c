// Max pooling and its gradient for NHWC float32 (dilation 1), four channels per f32x4, with
// tfjs-cpu's rules: a window's maximum starts at -Infinity and takes strictly greater values only
// (NaN never wins, an all-NaN window gives -Infinity), and the gradient goes to the first strictly
// greatest input in row-major scan order. Geometry in a ConvGeom (kh, kw: the window).
#include <wasm_simd128.h>
#include "kernels.h"

// Window rows [r0, r1) and columns [c0, c1) of output pixel (oh, ow), clipped to the image.
static inline void window(const ConvGeom *g, int oh, int ow, int *r0, int *r1, int *c0, int *c1) {
  int r = oh * g->sh - g->padT, c = ow * g->sw - g->padL;
  *r0 = r < 0 ? 0 : r;
  *r1 = r + g->kh < g->h ? r + g->kh : g->h;
  *c0 = c < 0 ? 0 : c;
  *c1 = c + g->kw < g->w ? c + g->kw : g->w;
}

// out (N x OH x OW x C) = the maximum of each window. Threads split the output rows (n, oh).
EXPORT void max_pool(const ConvGeom *g, const float *x, float *out, int tid, int nth) {
  const int C = g->c;
  int rows = g->n * g->oh;
  int q0 = split(rows, tid, nth, 0), q1 = split(rows, tid, nth, 1);
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  for (int q = q0; q < q1; q++) {
    int oh = q % g->oh, n = q / g->oh;
    for (int ow = 0; ow < g->ow; ow++) {
      int r0, r1, c0, c1;
      window(g, oh, ow, &r0, &r1, &c0, &c1);
      float *o = out + ((long)q * g->ow + ow) * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        v128_t m = ninf;
        for (int r = r0; r < r1; r++) {
          for (int s = c0; s < c1; s++) {
            v128_t v = wasm_v128_load(x + (((long)n * g->h + r) * g->w + s) * C + c);
            m = wasm_v128_bitselect(v, m, wasm_f32x4_gt(v, m));
          }
        }
        wasm_v128_store(o + c, m);
      }
      for (; c < C; c++) {
        float m = -__builtin_inff();
        for (int r = r0; r < r1; r++) {
          for (int s = c0; s < c1; s++) {
            float v = x[(((long)n * g->h + r) * g->w + s) * C + c];
            if (v > m) m = v;
          }
        }
        o[c] = m;
      }
    }
  }
}

// Gradient for disjoint windows (stride >= window): every input inside a window is written, dy
// at the window's first strictly greatest input and 0 elsewhere (0 + dy, as tfjs-cpu adds into
// zeros, so -0 becomes +0); inputs outside every window are left for the caller to zero.
// Threads split the output rows, whose windows do not overlap.
EXPORT void max_pool_grad(const ConvGeom *g, const float *x, const float *dy, float *dx, int tid, int nth) {
  const int C = g->c;
  int rows = g->n * g->oh;
  int q0 = split(rows, tid, nth, 0), q1 = split(rows, tid, nth, 1);
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff()), zero = wasm_f32x4_splat(0.0f);
  for (int q = q0; q < q1; q++) {
    int oh = q % g->oh, n = q / g->oh;
    for (int ow = 0; ow < g->ow; ow++) {
      int r0, r1, c0, c1;
      window(g, oh, ow, &r0, &r1, &c0, &c1);
      const float *d = dy + ((long)q * g->ow + ow) * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        v128_t best = ninf, at = wasm_i32x4_splat(-1);
        int k = 0;
        for (int r = r0; r < r1; r++) {
          for (int s = c0; s < c1; s++, k++) {
            v128_t v = wasm_v128_load(x + (((long)n * g->h + r) * g->w + s) * C + c);
            v128_t gt = wasm_f32x4_gt(v, best);
            best = wasm_v128_bitselect(v, best, gt);
            at = wasm_v128_bitselect(wasm_i32x4_splat(k), at, gt);
          }
        }
        v128_t grad = wasm_f32x4_add(wasm_v128_load(d + c), zero);
        k = 0;
        for (int r = r0; r < r1; r++) {
          for (int s = c0; s < c1; s++, k++) {
            v128_t hit = wasm_i32x4_eq(at, wasm_i32x4_splat(k));
            wasm_v128_store(dx + (((long)n * g->h + r) * g->w + s) * C + c, wasm_v128_and(grad, hit));
          }
        }
      }
      for (; c < C; c++) {
        float best = -__builtin_inff();
        long at = -1;
        for (int r = r0; r < r1; r++) {
          for (int s = c0; s < c1; s++) {
            long i = (((long)n * g->h + r) * g->w + s) * C + c;
            dx[i] = 0.0f;
            if (x[i] > best) {
              best = x[i];
              at = i;
            }
          }
        }
        if (at >= 0) dx[at] = 0.0f + d[c];
      }
    }
  }
}
