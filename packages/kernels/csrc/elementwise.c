// Float32 elementwise ops on tensors that live in the shared memory: out[i] = a[i] op b[i mod m]
// (b repeats over a: equal shapes, scalars, per-channel vectors), or b op a when swap is set.
// f32x4 lanes; threads split the element range on multiples of m.
#include <wasm_simd128.h>
#include "kernels.h"

// RELU_GRAD: x * step(y), the ReLU gradient dy * (y > 0 ? 1 : 0) with NaN kept, as tfjs' mul(dy, step(x)).
// SQUARE_GRAD: x * (y * 2), Square's gradient dy * 2x (y * 2 is exact, so this rounds as tfjs' two Multiplies).
enum { ADD, SUB, MUL, DIV, SQDIFF, MAX, MIN, RELU_GRAD, SQUARE_GRAD };

static inline v128_t op4(int op, v128_t x, v128_t y) {
  switch (op) {
    case ADD: return wasm_f32x4_add(x, y);
    case SUB: return wasm_f32x4_sub(x, y);
    case MUL: return wasm_f32x4_mul(x, y);
    case DIV: return wasm_f32x4_div(x, y);
    case SQDIFF: { v128_t d = wasm_f32x4_sub(x, y); return wasm_f32x4_mul(d, d); }
    case MAX: return wasm_f32x4_max(x, y);  // NaN-propagating, like Math.max
    case RELU_GRAD: {
      v128_t step = wasm_v128_bitselect(wasm_f32x4_splat(1.0f), wasm_f32x4_splat(0.0f), wasm_f32x4_gt(y, wasm_f32x4_splat(0.0f)));
      return wasm_f32x4_mul(x, wasm_v128_bitselect(y, step, wasm_f32x4_ne(y, y)));
    }
    case SQUARE_GRAD: return wasm_f32x4_mul(x, wasm_f32x4_add(y, y));
    default: return wasm_f32x4_min(x, y);
  }
}

static inline float op1(int op, float x, float y) {
  return wasm_f32x4_extract_lane(op4(op, wasm_f32x4_splat(x), wasm_f32x4_splat(y)), 0);
}

// Elements [i0, i1) with the repeating operand starting at index j (i0 mod m).
static void run_range(int op, const float *a, const float *b, float *out, long i0, long i1, long m, int swap) {
  long j = i0 % m;
  long i = i0;
  if (m == 1) {
    v128_t s = wasm_f32x4_splat(b[0]);
    for (; i + 4 <= i1; i += 4) {
      v128_t x = wasm_v128_load(a + i);
      wasm_v128_store(out + i, swap ? op4(op, s, x) : op4(op, x, s));
    }
    for (; i < i1; i++) out[i] = swap ? op1(op, b[0], a[i]) : op1(op, a[i], b[0]);
    return;
  }
  while (i < i1) {
    long run = m - j < i1 - i ? m - j : i1 - i;  // contiguous stretch of b
    long k = 0;
    for (; k + 4 <= run; k += 4) {
      v128_t x = wasm_v128_load(a + i + k), y = wasm_v128_load(b + j + k);
      wasm_v128_store(out + i + k, swap ? op4(op, y, x) : op4(op, x, y));
    }
    for (; k < run; k++) out[i + k] = swap ? op1(op, b[j + k], a[i + k]) : op1(op, a[i + k], b[j + k]);
    i += run;
    j = 0;
  }
}

EXPORT void binary(int op, const float *a, const float *b, float *out, int n, int m, int swap, int tid, int nth) {
  long blocks = (n + 63) / 64;  // split on 64-element blocks: 256-byte aligned, lane-friendly
  long i0 = (long)split((int)blocks, tid, nth, 0) * 64, i1 = (long)split((int)blocks, tid, nth, 1) * 64;
  if (i1 > n) i1 = n;
  if (i0 < i1) run_range(op, a, b, out, i0, i1, m, swap);
}

enum { RELU, STEP, SQRT, SQUARE, NEG };

static inline v128_t unary4(int op, v128_t v, v128_t alpha) {
  switch (op) {
    case RELU: return wasm_f32x4_max(wasm_f32x4_splat(0.0f), v);
    case STEP: {
      v128_t positive = wasm_f32x4_gt(v, wasm_f32x4_splat(0.0f));
      v128_t stepped = wasm_v128_bitselect(wasm_f32x4_splat(1.0f), alpha, positive);
      return wasm_v128_bitselect(v, stepped, wasm_f32x4_ne(v, v));  // NaN stays NaN
    }
    case SQRT: return wasm_f32x4_sqrt(v);
    case SQUARE: return wasm_f32x4_mul(v, v);
    default: return wasm_f32x4_mul(wasm_f32x4_splat(-1.0f), v);
  }
}

// out[i] = op(x[i]) for ops that round exactly as tfjs-cpu's double arithmetic stored to float32.
// alpha_bits: the float32 bits of Step's value for x <= 0 (arguments travel to workers as int32).
// Threads split the element range.
EXPORT void unary(int op, const float *x, float *out, int n, int alpha_bits, int tid, int nth) {
  float alpha = __builtin_bit_cast(float, alpha_bits);
  long blocks = (n + 63) / 64;
  long i = (long)split((int)blocks, tid, nth, 0) * 64, i1 = (long)split((int)blocks, tid, nth, 1) * 64;
  if (i1 > n) i1 = n;
  v128_t a = wasm_f32x4_splat(alpha);
  for (; i + 4 <= i1; i += 4) wasm_v128_store(out + i, unary4(op, wasm_v128_load(x + i), a));
  for (; i < i1; i++) out[i] = wasm_f32x4_extract_lane(unary4(op, wasm_f32x4_splat(x[i]), a), 0);
}

// Per-channel batch normalisation of NHWC data: out[i] = (x[i] - mean[j]) * k[j] + offset[j] with
// j = i mod c and k = scale / sqrt(variance + epsilon) precomputed per channel. The subtraction
// comes first, as in tfjs-cpu, so values near the mean keep their relative precision. With `relu`
// (a constant at each call, so each inlined copy keeps its own branch), max(0, out) in the same
// pass. Threads split the element range.
static inline void batch_norm_pass(const float *x, const float *mean, const float *k, const float *offset, float *out,
                                   int n, int c, int relu, int tid, int nth) {
  long blocks = (n + 63) / 64;
  long i = (long)split((int)blocks, tid, nth, 0) * 64, i1 = (long)split((int)blocks, tid, nth, 1) * 64;
  if (i1 > n) i1 = n;
  long j = i % c;
  v128_t zero = wasm_f32x4_splat(0.0f);
  while (i < i1) {
    long run = c - j < i1 - i ? c - j : i1 - i;  // contiguous stretch of the channel vectors
    long q = 0;
    for (; q + 4 <= run; q += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(x + i + q), wasm_v128_load(mean + j + q));
      v128_t y = wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(k + j + q)), wasm_v128_load(offset + j + q));
      wasm_v128_store(out + i + q, relu ? wasm_f32x4_max(zero, y) : y);
    }
    for (; q < run; q++) {
      float y = (x[i + q] - mean[j + q]) * k[j + q] + offset[j + q];
      out[i + q] = !relu || y > 0.0f || y != y ? y : 0.0f;
    }
    i += run;
    j = 0;
  }
}

// batch_norm_pass without the ReLU.
EXPORT void batch_norm(const float *x, const float *mean, const float *k, const float *offset, float *out, int n, int c,
                       int tid, int nth) {
  batch_norm_pass(x, mean, k, offset, out, n, c, 0, tid, nth);
}

// batch_norm followed by ReLU in the same pass: out[i] = max(0, (x[i] - mean[j]) * k[j] + offset[j]),
// the normalised value rounded exactly as batch_norm rounds it, so a gradient that recomputes it
// (bn_relu_grad_sums, bn_relu_train_dx) finds the same sign. Saves ReLU's read and write of the
// whole tensor.
EXPORT void batch_norm_relu(const float *x, const float *mean, const float *k, const float *offset, float *out, int n,
                            int c, int tid, int nth) {
  batch_norm_pass(x, mean, k, offset, out, n, c, 1, tid, nth);
}
