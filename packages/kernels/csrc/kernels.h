// Shared helpers of the Maskflow WebAssembly kernels. Every exported kernel takes (tid, nth) last:
// all threads call it with the same arguments and each one does its own share of the work.
#pragma once

#define EXPORT __attribute__((visibility("default")))

// acc + a * b on f32x4, the convolution micro-kernels' inner step: a multiply then an add (two
// roundings) in the plain SIMD build; one relaxed multiply-add in the relaxed-SIMD build
// (MASKFLOW_RELAXED_SIMD, wasm/kernels-relaxed.wasm), which V8 lowers to a fused multiply-add
// (one rounding) on CPUs with FMA.
#ifdef MASKFLOW_RELAXED_SIMD
// (clang-16's wasm_simd128.h has no wasm_f32x4_relaxed_madd yet: its builtin, a * b + c.)
#define MADD(acc, a, b) ((v128_t)__builtin_wasm_relaxed_madd_f32x4((__f32x4)(a), (__f32x4)(b), (__f32x4)(acc)))
#else
#define MADD(acc, a, b) wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))
#endif

// Start (end = 0) or end (end = 1) of thread tid's share of n items split over nth threads.
static inline int split(int n, int tid, int nth, int end) {
  long t = tid + end;
  return (int)((long)n * t / nth);
}

// Geometry of a 2-D convolution (NHWC input, HWIO filter), written by the caller into linear
// memory (convGeometry in src/convGeometry.ts writes the fields in this order).
typedef struct {
  int n, h, w, c;      // input (NHWC)
  int kh, kw;          // filter size
  int sh, sw, dh, dw;  // strides and dilations
  int padT, padL;      // padding before the first row and column
  int oh, ow;          // output size
  int ldcol;           // row stride of col (>= kh * kw * c)
} ConvGeom;
