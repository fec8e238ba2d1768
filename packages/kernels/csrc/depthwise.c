// Depthwise 2-D convolution (NHWC input, [kh, kw, C, 1] filter: channel multiplier 1) and its two
// gradients, MobileNet's separable layers, with the channels innermost, four per f32x4:
//   forward:      out[n, oy, ox, c] = sum over taps of x[n, iy, ix, c] * w[fy, fx, c]
//   input grad:   dx[n, iy, ix, c]  = sum over taps of dy[n, oy, ox, c] * w[fy, fx, c]
//   filter grad:  dw[fy, fx, c]     = sum over pixels of x[n, iy, ix, c] * dy[n, oy, ox, c]
// The forward pass and the input gradient gather: each output element is summed in registers,
// 16 channels at a time, and written once, so the threads split the rows of what they write and
// every share runs all channels (a split of the channels left a share 4 of MobileNetV2's 32,
// one f32x4 per tap beside the loop's own work). The input gradient visits the taps from the last
// to the first, which adds each dy in the order a scatter over the output rows would (oy, ox
// ascending). The filter gradient, whose output is one small kh x kw x C block, also splits the
// output rows: each share sums its rows into its own partial block (zeroed by the caller), and
// sum_partials adds them in share order, so the result does not depend on which thread ran which
// share. Geometry in a ConvGeom (dilation 1).
#include <wasm_simd128.h>
#include "kernels.h"

// One output element's channels [c, c + 16) (forward) or one input element's (input gradient):
// `taps` pairs of (a, b) rows, each pair's products added in tap order.
#define TAPS_MAX 64
typedef struct {
  int count;
  const float *a[TAPS_MAX];
  const float *b[TAPS_MAX];
} Taps;

// out[c] = sum over taps t of a_t[c] * b_t[c], for every c in [0, C): in registers, 16 then 4
// channels at a time, then one by one.
static inline void sum_taps(const Taps *t, float *out, int C) {
  int c = 0;
  for (; c + 16 <= C; c += 16) {
    v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0, s2 = s0, s3 = s0;
    for (int k = 0; k < t->count; k++) {
      const float *pa = t->a[k] + c, *pb = t->b[k] + c;
      s0 = MADD(s0, wasm_v128_load(pa), wasm_v128_load(pb));
      s1 = MADD(s1, wasm_v128_load(pa + 4), wasm_v128_load(pb + 4));
      s2 = MADD(s2, wasm_v128_load(pa + 8), wasm_v128_load(pb + 8));
      s3 = MADD(s3, wasm_v128_load(pa + 12), wasm_v128_load(pb + 12));
    }
    wasm_v128_store(out + c, s0);
    wasm_v128_store(out + c + 4, s1);
    wasm_v128_store(out + c + 8, s2);
    wasm_v128_store(out + c + 12, s3);
  }
  for (; c + 4 <= C; c += 4) {
    v128_t s = wasm_f32x4_splat(0.0f);
    for (int k = 0; k < t->count; k++) s = MADD(s, wasm_v128_load(t->a[k] + c), wasm_v128_load(t->b[k] + c));
    wasm_v128_store(out + c, s);
  }
  for (; c < C; c++) {
    float s = 0.0f;
    for (int k = 0; k < t->count; k++) s += t->a[k][c] * t->b[k][c];
    out[c] = s;
  }
}

enum { FORWARD, INPUT_GRAD };

// The row or column of `a` whose product tap f adds to row or column y of the output: forward,
// input y * s - pad + f (of `extent`); input gradient, output (y + pad - f) / s where it divides.
// 0 when there is none.
static inline int source(int mode, int y, int f, int s, int pad, int extent, int *at) {
  int t = mode == FORWARD ? y * s - pad + f : y + pad - f;
  if (mode == INPUT_GRAD) {
    if (t < 0 || t % s != 0) return 0;
    t /= s;
  }
  if (t < 0 || t >= extent) return 0;
  *at = t;
  return 1;
}

// This share's rows of `out` (forward: N x OH x OW x C from a = x; input gradient: N x H x W x C
// from a = dy), each element the sum of its taps' products with w. The input gradient takes the
// taps last to first: output (oy, ox) ascending, the order a scatter over dy would add them.
static inline void gather(int mode, const ConvGeom *g, const float *a, const float *w, float *out, int tid, int nth) {
  const int C = g->c;
  const int oh = mode == FORWARD ? g->oh : g->h, ow = mode == FORWARD ? g->ow : g->w;
  const int ah = mode == FORWARD ? g->h : g->oh, aw = mode == FORWARD ? g->w : g->ow;
  const int rows = g->n * oh;
  Taps t;
  for (int r = split(rows, tid, nth, 0); r < split(rows, tid, nth, 1); r++) {
    int n = r / oh, y = r % oh;
    for (int x = 0; x < ow; x++) {
      t.count = 0;
      for (int i = 0; i < g->kh; i++) {
        int fy = mode == FORWARD ? i : g->kh - 1 - i, ay;
        if (!source(mode, y, fy, g->sh, g->padT, ah, &ay)) continue;
        for (int j = 0; j < g->kw; j++) {
          int fx = mode == FORWARD ? j : g->kw - 1 - j, ax;
          if (!source(mode, x, fx, g->sw, g->padL, aw, &ax)) continue;
          t.a[t.count] = a + (((long)n * ah + ay) * aw + ax) * C;
          t.b[t.count++] = w + ((long)fy * g->kw + fx) * C;
        }
      }
      sum_taps(&t, out + (((long)n * oh + y) * ow + x) * C, C);
    }
  }
}

// out (N x OH x OW x C) = the depthwise convolution of x (N x H x W x C) with w (kh x kw x C).
EXPORT void depthwise_forward(const ConvGeom *g, const float *x, const float *w, float *out, int tid, int nth) {
  gather(FORWARD, g, x, w, out, tid, nth);
}

// dx (N x H x W x C) = the gradient of the input, from dy (N x OH x OW x C) and w: each input
// pixel gathers the output pixels whose windows hold it.
EXPORT void depthwise_input_grad(const ConvGeom *g, const float *dy, const float *w, float *dx, int tid, int nth) {
  gather(INPUT_GRAD, g, dy, w, dx, tid, nth);
}

// partials[tid] (kh x kw x C, zeroed by the caller) += this share's rows' part of the filter
// gradient, from x and dy; sum_partials then adds the nth blocks.
EXPORT void depthwise_filter_grad(const ConvGeom *g, const float *x, const float *dy, float *partials, int tid, int nth) {
  const int C = g->c, rows = g->n * g->oh;
  float *dw = partials + (long)tid * g->kh * g->kw * C;
  for (int q = split(rows, tid, nth, 0); q < split(rows, tid, nth, 1); q++) {
    int n = q / g->oh, oy = q % g->oh;
    for (int ox = 0; ox < g->ow; ox++) {
      const float *pdy = dy + (((long)n * g->oh + oy) * g->ow + ox) * C;
      for (int fy = 0; fy < g->kh; fy++) {
        int iy = oy * g->sh - g->padT + fy;
        if (iy < 0 || iy >= g->h) continue;
        for (int fx = 0; fx < g->kw; fx++) {
          int ix = ox * g->sw - g->padL + fx;
          if (ix < 0 || ix >= g->w) continue;
          const float *px = x + (((long)n * g->h + iy) * g->w + ix) * C;
          float *pw = dw + ((long)fy * g->kw + fx) * C;
          int c = 0;
          for (; c + 4 <= C; c += 4) wasm_v128_store(pw + c, MADD(wasm_v128_load(pw + c), wasm_v128_load(px + c), wasm_v128_load(pdy + c)));
          for (; c < C; c++) pw[c] += px[c] * pdy[c];
        }
      }
    }
  }
}
