// The two passes of the batch-norm gradient (NHWC, per-channel statistics), replacing tfjs-core's
// FusedBatchNorm gradient of ~15 elementwise kernels, a full-size Tile and four Sums.
#include <wasm_simd128.h>
#include "kernels.h"

// Rows per block of the per-channel sums: within a block each channel's two sums are taken in
// float32 registers, then added to the float64 sums. Keeping each channel's running sums in
// float64 memory for every row made the pass compute-bound, about three times slower than reading
// its inputs (0.58 ms of a 0.91 ms forward batch norm at 4x160x160x8); float32 over 64 rows adds
// at most 64 roundings to a block's partial.
#define SUM_ROWS 64

// Per-channel sums over rows [r0, r1) into s1[j] += sum g and s2[j] += sum g * d, where d = x[., j]
// - mean[j] (rounded to float32 first, as tfjs-cpu's Sub does) and g = dy[., j], or g = d when
// `centred` (dy unused: the sums of x - mean and of its square). With `relu`, g = dy[., j] where
// the batch norm's output d * k[j] + offset[j] (batch_norm_relu's rounding) is positive, else 0:
// the gradient through the ReLU that batch_norm_relu applied. Channels go four at a time, two rows
// per iteration into separate accumulators (the adds' latency, not memory, bounds one chain).
// Callers pass constant flags, so each inlined copy keeps only its own branch.
static inline void channel_sums(const float *dy, const float *x, const float *mean, const float *k, const float *offset,
                                int r0, int r1, int c, double *s1, double *s2, int centred, int relu) {
  for (int b0 = r0; b0 < r1; b0 += SUM_ROWS) {
    int b1 = b0 + SUM_ROWS < r1 ? b0 + SUM_ROWS : r1;
    int j = 0;
    for (; j + 4 <= c; j += 4) {
      v128_t m = wasm_v128_load(mean + j);
      v128_t g0 = wasm_f32x4_splat(0.0f), g1 = g0, d0 = g0, d1 = g0, zero = g0;
      v128_t kj = relu ? wasm_v128_load(k + j) : zero, oj = relu ? wasm_v128_load(offset + j) : zero;
      const float *g = dy + (long)b0 * c + j, *v = x + (long)b0 * c + j;
      int r = b0;
      for (; r + 2 <= b1; r += 2, g += 2 * c, v += 2 * c) {
        v128_t da = wasm_f32x4_sub(wasm_v128_load(v), m), db = wasm_f32x4_sub(wasm_v128_load(v + c), m);
        v128_t ga = centred ? da : wasm_v128_load(g), gb = centred ? db : wasm_v128_load(g + c);
        if (relu) {
          ga = wasm_v128_and(ga, wasm_f32x4_gt(wasm_f32x4_add(wasm_f32x4_mul(da, kj), oj), zero));
          gb = wasm_v128_and(gb, wasm_f32x4_gt(wasm_f32x4_add(wasm_f32x4_mul(db, kj), oj), zero));
        }
        g0 = wasm_f32x4_add(g0, ga);
        g1 = wasm_f32x4_add(g1, gb);
        d0 = wasm_f32x4_add(d0, wasm_f32x4_mul(ga, da));
        d1 = wasm_f32x4_add(d1, wasm_f32x4_mul(gb, db));
      }
      if (r < b1) {
        v128_t da = wasm_f32x4_sub(wasm_v128_load(v), m);
        v128_t ga = centred ? da : wasm_v128_load(g);
        if (relu) ga = wasm_v128_and(ga, wasm_f32x4_gt(wasm_f32x4_add(wasm_f32x4_mul(da, kj), oj), zero));
        g0 = wasm_f32x4_add(g0, ga);
        d0 = wasm_f32x4_add(d0, wasm_f32x4_mul(ga, da));
      }
      v128_t gs = wasm_f32x4_add(g0, g1), ds = wasm_f32x4_add(d0, d1);
      v128_t gh = wasm_i32x4_shuffle(gs, gs, 2, 3, 0, 1), dh = wasm_i32x4_shuffle(ds, ds, 2, 3, 0, 1);
      wasm_v128_store(s1 + j, wasm_f64x2_add(wasm_v128_load(s1 + j), wasm_f64x2_promote_low_f32x4(gs)));
      wasm_v128_store(s1 + j + 2, wasm_f64x2_add(wasm_v128_load(s1 + j + 2), wasm_f64x2_promote_low_f32x4(gh)));
      wasm_v128_store(s2 + j, wasm_f64x2_add(wasm_v128_load(s2 + j), wasm_f64x2_promote_low_f32x4(ds)));
      wasm_v128_store(s2 + j + 2, wasm_f64x2_add(wasm_v128_load(s2 + j + 2), wasm_f64x2_promote_low_f32x4(dh)));
    }
    for (; j < c; j++) {
      float gs = 0.0f, ds = 0.0f;
      for (int r = b0; r < b1; r++) {
        float d = x[(long)r * c + j] - mean[j], gr = centred ? d : dy[(long)r * c + j];
        if (relu && !(d * k[j] + offset[j] > 0.0f)) gr = 0.0f;
        gs += gr;
        ds += gr * d;
      }
      s1[j] += (double)gs;
      s2[j] += (double)ds;
    }
  }
}

// Per-channel sums over this thread's rows (pixels): partial[tid*2c + j] = sum dy[., j] and
// partial[tid*2c + c + j] = sum dy[., j] * (x[., j] - mean[j]) (channel_sums). The caller adds the
// shares' partials in share order.
EXPORT void bn_grad_sums(const float *dy, const float *x, const float *mean, int rows, int c, double *partial, int tid,
                         int nth) {
  double *s1 = partial + (long)tid * 2 * c, *s2 = s1 + c;
  for (int j = 0; j < c; j++) s1[j] = s2[j] = 0.0;
  channel_sums(dy, x, mean, 0, 0, split(rows, tid, nth, 0), split(rows, tid, nth, 1), c, s1, s2, 0, 0);
}

// bn_grad_sums through batch_norm_relu's ReLU: dy counts only where the output d * k[j] + offset[j]
// (k = scale / sqrt(variance + epsilon), d = x - mean) is positive.
EXPORT void bn_relu_grad_sums(const float *dy, const float *x, const float *mean, const float *k, const float *offset,
                              int rows, int c, double *partial, int tid, int nth) {
  double *s1 = partial + (long)tid * 2 * c, *s2 = s1 + c;
  for (int j = 0; j < c; j++) s1[j] = s2[j] = 0.0;
  channel_sums(dy, x, mean, k, offset, split(rows, tid, nth, 0), split(rows, tid, nth, 1), c, s1, s2, 0, 1);
}

// The moments' sums about a per-channel shift near the mean: partial[tid*2c + j] = sum (x[., j] -
// shift[j]) and partial[tid*2c + c + j] = sum (x[., j] - shift[j])^2. About the shift, not zero:
// the caller's variance, E[(x - shift)^2] - E[x - shift]^2, then loses nothing to cancellation
// when the mean is far from zero relative to the spread (float32 block sums of x^2 would).
EXPORT void bn_moment_sums(const float *x, const float *shift, int rows, int c, double *partial, int tid, int nth) {
  double *s1 = partial + (long)tid * 2 * c, *s2 = s1 + c;
  for (int j = 0; j < c; j++) s1[j] = s2[j] = 0.0;
  channel_sums(x, x, shift, 0, 0, split(rows, tid, nth, 0), split(rows, tid, nth, 1), c, s1, s2, 1, 0);
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
// dx[i] = a[j] * g[i] + ((x[i] - mean[j]) * b[j] + k[j]) with j = i mod c, where the caller folds
// scale, 1/sqrt(variance + epsilon), the per-channel sums of bn_grad_sums and the statistics' own
// upstream gradients into the [C] coefficients a, b and k. g = dy, or with `relu` (constant at each
// call) dy where batch_norm_relu's output (x[i] - mean[j]) * kk[j] + offset[j] is positive, else 0:
// the statistics' term reaches every element. Threads split the element range.
static inline void train_dx(const float *dy, const float *x, const float *mean, const float *kk, const float *offset,
                            const float *a, const float *b, const float *k, float *dx, int n, int c, int relu, int tid,
                            int nth) {
  long blocks = (n + 63) / 64;
  long i = (long)split((int)blocks, tid, nth, 0) * 64, i1 = (long)split((int)blocks, tid, nth, 1) * 64;
  if (i1 > n) i1 = n;
  long j = i % c;
  v128_t zero = wasm_f32x4_splat(0.0f);
  while (i < i1) {
    long run = c - j < i1 - i ? c - j : i1 - i;
    long q = 0;
    for (; q + 4 <= run; q += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(x + i + q), wasm_v128_load(mean + j + q));
      v128_t t = wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(b + j + q)), wasm_v128_load(k + j + q));
      v128_t g = wasm_v128_load(dy + i + q);
      if (relu) {
        v128_t y = wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(kk + j + q)), wasm_v128_load(offset + j + q));
        g = wasm_v128_and(g, wasm_f32x4_gt(y, zero));
      }
      wasm_v128_store(dx + i + q, wasm_f32x4_add(wasm_f32x4_mul(g, wasm_v128_load(a + j + q)), t));
    }
    for (; q < run; q++) {
      float d = x[i + q] - mean[j + q];
      float g = !relu || d * kk[j + q] + offset[j + q] > 0.0f ? dy[i + q] : 0.0f;
      dx[i + q] = g * a[j + q] + (d * b[j + q] + k[j + q]);
    }
    i += run;
    j = 0;
  }
}

// train_dx without a ReLU.
EXPORT void bn_train_dx(const float *dy, const float *x, const float *mean, const float *a, const float *b, const float *k,
                        float *dx, int n, int c, int tid, int nth) {
  train_dx(dy, x, mean, 0, 0, a, b, k, dx, n, c, 0, tid, nth);
}

// train_dx through batch_norm_relu's ReLU.
EXPORT void bn_relu_train_dx(const float *dy, const float *x, const float *mean, const float *kk, const float *offset,
                             const float *a, const float *b, const float *k, float *dx, int n, int c, int tid, int nth) {
  train_dx(dy, x, mean, kk, offset, a, b, k, dx, n, c, 1, tid, nth);
}
