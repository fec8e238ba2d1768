// Depthwise 2-D convolution (NHWC input, [kh, kw, C, 1] filter: channel multiplier 1) and its two
// gradients, MobileNet's separable layers. All three walk the same (output pixel, filter tap)
// pairs with the channels innermost, four per f32x4, and differ in which product they add where:
//   forward:      out[n, oy, ox, c] += x[n, iy, ix, c] * w[fy, fx, c]
//   input grad:   dx[n, iy, ix, c]  += dy[n, oy, ox, c] * w[fy, fx, c]
//   filter grad:  dw[fy, fx, c]     += x[n, iy, ix, c] * dy[n, oy, ox, c]
// The forward pass and the input gradient split the channels over the threads, not the pixels:
// each output element is then written by one thread only, so the scattering input gradient needs
// no atomics, and every thread zeroes its own channels of the output first. The filter gradient,
// whose output is one small kh x kw x C block, splits the output rows instead: each share sums its
// rows into its own partial block (zeroed by the caller), and sum_partials adds them in share
// order, so the result does not depend on which thread ran which share. Geometry in a ConvGeom
// (dilation 1).
#include <wasm_simd128.h>
#include "kernels.h"

enum { FORWARD, INPUT_GRAD, FILTER_GRAD };

// Channels [c0, c1) of thread tid: groups of four, so every f32x4 stays within one thread.
static inline void channel_share(int C, int tid, int nth, int *c0, int *c1) {
  int groups = (C + 3) / 4;
  *c0 = split(groups, tid, nth, 0) * 4;
  int e = split(groups, tid, nth, 1) * 4;
  *c1 = e < C ? e : C;
}

static inline void zero_channels(float *out, long pixels, int C, int c0, int c1) {
  for (long p = 0; p < pixels; p++) {
    for (int c = c0; c < c1; c++) out[p * C + c] = 0.0f;
  }
}

// The shared walk over output rows [q0, q1) (row q: image q / OH, row q % OH) and channels
// [c0, c1); `mode` is a constant in each caller, so each gets its own inner loop.
static inline void walk(int mode, const ConvGeom *g, const float *a, const float *b, float *out, int q0, int q1, int c0, int c1) {
  const int C = g->c;
  for (int q = q0; q < q1; q++) {
    int n = q / g->oh, oy = q % g->oh;
    int y0 = oy * g->sh - g->padT;
    for (int ox = 0; ox < g->ow; ox++) {
      int x0 = ox * g->sw - g->padL;
      long o = (((long)n * g->oh + oy) * g->ow + ox) * C;
      for (int fy = 0; fy < g->kh; fy++) {
        int iy = y0 + fy;
        if (iy < 0 || iy >= g->h) continue;
        for (int fx = 0; fx < g->kw; fx++) {
          int ix = x0 + fx;
          if (ix < 0 || ix >= g->w) continue;
          long xi = (((long)n * g->h + iy) * g->w + ix) * C;
          long wi = ((long)fy * g->kw + fx) * C;
          // (a, b) are (x, w), (dy, w) and (x, dy) in the three modes.
          const float *pa = a + (mode == INPUT_GRAD ? o : xi);
          const float *pb = b + (mode == FILTER_GRAD ? o : wi);
          float *po = out + (mode == FORWARD ? o : mode == INPUT_GRAD ? xi : wi);
          int c = c0;
          for (; c + 4 <= c1; c += 4) {
            v128_t acc = wasm_v128_load(po + c);
            wasm_v128_store(po + c, MADD(acc, wasm_v128_load(pa + c), wasm_v128_load(pb + c)));
          }
          for (; c < c1; c++) po[c] += pa[c] * pb[c];
        }
      }
    }
  }
}

// The forward pass and the input gradient: this thread's channels of `out` (`pixels` of them)
// zeroed, then the walk over every output row.
static inline void channel_pass(int mode, const ConvGeom *g, const float *a, const float *b, float *out, long pixels, int tid, int nth) {
  int c0, c1;
  channel_share(g->c, tid, nth, &c0, &c1);
  if (c0 >= c1) return;
  zero_channels(out, pixels, g->c, c0, c1);
  walk(mode, g, a, b, out, 0, g->n * g->oh, c0, c1);
}

// out (N x OH x OW x C) = the depthwise convolution of x (N x H x W x C) with w (kh x kw x C).
EXPORT void depthwise_forward(const ConvGeom *g, const float *x, const float *w, float *out, int tid, int nth) {
  channel_pass(FORWARD, g, x, w, out, (long)g->n * g->oh * g->ow, tid, nth);
}

// dx (N x H x W x C) = the gradient of the input, from dy (N x OH x OW x C) and w.
EXPORT void depthwise_input_grad(const ConvGeom *g, const float *dy, const float *w, float *dx, int tid, int nth) {
  channel_pass(INPUT_GRAD, g, dy, w, dx, (long)g->n * g->h * g->w, tid, nth);
}

// partials[tid] (kh x kw x C, zeroed by the caller) += this share's rows' part of the filter
// gradient, from x and dy; sum_partials then adds the nth blocks.
EXPORT void depthwise_filter_grad(const ConvGeom *g, const float *x, const float *dy, float *partials, int tid, int nth) {
  int rows = g->n * g->oh;
  walk(FILTER_GRAD, g, x, dy, partials + (long)tid * g->kh * g->kw * g->c, split(rows, tid, nth, 0), split(rows, tid, nth, 1), 0, g->c);
}
