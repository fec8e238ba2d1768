// The two passes of the batch-norm gradient (NHWC, per-channel statistics), replacing tfjs-core's
// FusedBatchNorm gradient of ~15 elementwise kernels, a full-size Tile and four Sums.
#include <wasm_simd128.h>
#include "kernels.h"

// Per-channel float64 sums over this thread's rows (pixels): partial[tid*2c + j] = sum dy[., j]
// and partial[tid*2c + c + j] = sum dy[., j] * (x[., j] - mean[j]), the difference rounded to
// float32 first as tfjs-cpu's Sub does. The caller adds the shares' partials in share order.
EXPORT void bn_grad_sums(const float *dy, const float *x, const float *mean, int rows, int c, double *partial, int tid,
                         int nth) {
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  double *s1 = partial + (long)tid * 2 * c, *s2 = s1 + c;
  for (int j = 0; j < c; j++) s1[j] = s2[j] = 0.0;
  for (int r = r0; r < r1; r++) {
    const float *g = dy + (long)r * c, *v = x + (long)r * c;
    int j = 0;
    for (; j + 2 <= c; j += 2) {
      v128_t gd = wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(g + j));
      v128_t d = wasm_f32x4_sub(wasm_v128_load64_zero(v + j), wasm_v128_load64_zero(mean + j));
      v128_t dd = wasm_f64x2_promote_low_f32x4(d);
      wasm_v128_store(s1 + j, wasm_f64x2_add(wasm_v128_load(s1 + j), gd));
      wasm_v128_store(s2 + j, wasm_f64x2_add(wasm_v128_load(s2 + j), wasm_f64x2_mul(gd, dd)));
    }
    for (; j < c; j++) {
      float d = v[j] - mean[j];
      s1[j] += (double)g[j];
      s2[j] += (double)g[j] * (double)d;
    }
  }
}

// dx[i] = (dy[i] * r[j]) * s[j] with j = i mod c (r = 1/sqrt(variance + epsilon), s = scale), in
// tfjs' order and float32 rounding. Threads split the element range.
EXPORT void bn_grad_dx(const float *dy, const float *r, const float *s, float *dx, int n, int c, int tid, int nth) {
  long blocks = (n + 63) / 64;
  long i = (long)split((int)blocks, tid, nth, 0) * 64, i1 = (long)split((int)blocks, tid, nth, 1) * 64;
  if (i1 > n) i1 = n;
  long j = i % c;
  while (i < i1) {
    long run = c - j < i1 - i ? c - j : i1 - i;
    long q = 0;
    for (; q + 4 <= run; q += 4) {
      v128_t y = wasm_f32x4_mul(wasm_v128_load(dy + i + q), wasm_v128_load(r + j + q));
      wasm_v128_store(dx + i + q, wasm_f32x4_mul(y, wasm_v128_load(s + j + q)));
    }
    for (; q < run; q++) dx[i + q] = (dy[i + q] * r[j + q]) * s[j + q];
    i += run;
    j = 0;
  }
}

// The gradient of batch norm in training with respect to x, through the batch statistics:
// dx[i] = a[j] * dy[i] + ((x[i] - mean[j]) * b[j] + k[j]) with j = i mod c, where the caller folds
// scale, 1/sqrt(variance + epsilon), the per-channel sums of bn_grad_sums and the statistics' own
// upstream gradients into the [C] coefficients a, b and k. Threads split the element range.
EXPORT void bn_train_dx(const float *dy, const float *x, const float *mean, const float *a, const float *b, const float *k,
                        float *dx, int n, int c, int tid, int nth) {
  long blocks = (n + 63) / 64;
  long i = (long)split((int)blocks, tid, nth, 0) * 64, i1 = (long)split((int)blocks, tid, nth, 1) * 64;
  if (i1 > n) i1 = n;
  long j = i % c;
  while (i < i1) {
    long run = c - j < i1 - i ? c - j : i1 - i;
    long q = 0;
    for (; q + 4 <= run; q += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(x + i + q), wasm_v128_load(mean + j + q));
      v128_t t = wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(b + j + q)), wasm_v128_load(k + j + q));
      v128_t g = wasm_f32x4_mul(wasm_v128_load(dy + i + q), wasm_v128_load(a + j + q));
      wasm_v128_store(dx + i + q, wasm_f32x4_add(g, t));
    }
    for (; q < run; q++) dx[i + q] = dy[i + q] * a[j + q] + ((x[i + q] - mean[j + q]) * b[j + q] + k[j + q]);
    i += run;
    j = 0;
  }
}
