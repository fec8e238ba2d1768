// Moving-average update of one tensor, out = v - (v - x) * decay (decay = 1 - momentum), each
// operation rounded to float32 as tfjs-layers' three kernels round it (so the result is
// bit-identical): batch-norm moving statistics, and a model's weight average (WeightAverage),
// where the JS loop took 25 ms a step for a 2-million-weight U-Net. Decay travels as float32
// bits (worker arguments are int32). Threads split the element range in blocks of 64.
#include <wasm_simd128.h>
#include "kernels.h"

EXPORT void moving_average(const float *v, const float *x, float *out, int n, int decay_bits, int tid, int nth) {
  float decay = __builtin_bit_cast(float, decay_bits);
  long blocks = (n + 63) / 64;
  long i = (long)split((int)blocks, tid, nth, 0) * 64, i1 = (long)split((int)blocks, tid, nth, 1) * 64;
  if (i1 > n) i1 = n;
  v128_t D = wasm_f32x4_splat(decay);
  for (; i + 4 <= i1; i += 4) {
    v128_t vi = wasm_v128_load(v + i);
    wasm_v128_store(out + i, wasm_f32x4_sub(vi, wasm_f32x4_mul(wasm_f32x4_sub(vi, wasm_v128_load(x + i)), D)));
  }
  for (; i < i1; i++) out[i] = v[i] - (v[i] - x[i]) * decay;
}
