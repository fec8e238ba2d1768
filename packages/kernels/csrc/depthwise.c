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

// out (N x OH x OW x C) = the depthwise convolution of x (N x H x W x C) with w (kh x kw x C).
EXPORT void depthwise_forward(const ConvGeom *g, const float *x, const float *w, float *out, int tid, int nth) {
  const int C = g->c, rows = g->n * g->oh;
  Taps t;
  for (int q = split(rows, tid, nth, 0); q < split(rows, tid, nth, 1); q++) {
    int n = q / g->oh, oy = q % g->oh;
    for (int ox = 0; ox < g->ow; ox++) {
      t.count = 0;
      for (int fy = 0; fy < g->kh; fy++) {
        int iy = oy * g->sh - g->padT + fy;
        if (iy < 0 || iy >= g->h) continue;
        for (int fx = 0; fx < g->kw; fx++) {
          int ix = ox * g->sw - g->padL + fx;
          if (ix < 0 || ix >= g->w) continue;
          t.a[t.count] = x + (((long)n * g->h + iy) * g->w + ix) * C;
          t.b[t.count++] = w + ((long)fy * g->kw + fx) * C;
        }
      }
      sum_taps(&t, out + (((long)n * g->oh + oy) * g->ow + ox) * C, C);
    }
  }
}

// dx (N x H x W x C) = the gradient of the input, from dy (N x OH x OW x C) and w: each input
// pixel gathers the output pixels whose windows hold it (tap (fy, fx) of output (oy, ox) when
// iy = oy * sh - padT + fy), taps last to first.
EXPORT void depthwise_input_grad(const ConvGeom *g, const float *dy, const float *w, float *dx, int tid, int nth) {
  const int C = g->c, rows = g->n * g->h;
  Taps t;
  for (int r = split(rows, tid, nth, 0); r < split(rows, tid, nth, 1); r++) {
    int n = r / g->h, iy = r % g->h;
    for (int ix = 0; ix < g->w; ix++) {
      t.count = 0;
      for (int fy = g->kh - 1; fy >= 0; fy--) {
        int ty = iy + g->padT - fy;
        if (ty < 0 || ty % g->sh != 0 || ty / g->sh >= g->oh) continue;
        for (int fx = g->kw - 1; fx >= 0; fx--) {
          int tx = ix + g->padL - fx;
          if (tx < 0 || tx % g->sw != 0 || tx / g->sw >= g->ow) continue;
          t.a[t.count] = dy + (((long)n * g->oh + ty / g->sh) * g->ow + tx / g->sw) * C;
          t.b[t.count++] = w + ((long)fy * g->kw + fx) * C;
        }
      }
      sum_taps(&t, dx + (((long)n * g->h + iy) * g->w + ix) * C, C);
    }
  }
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
