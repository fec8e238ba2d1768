// One pass of Adam over a variable (tfjs-core's AdamOptimizer.applyGradients, same float32
// operation order, so the result is bit-identical to its dozen elementwise kernels):
//   m' = m*b1 + g*(1-b1)          v' = v*b2 + (g*g)*(1-b2)
//   x' = (m'/c1) / (sqrt(v'/c2) + eps) * (-lr) + x        with c1 = 1 - b1^t, c2 = 1 - b2^t.
// Scalars travel as float32 bits (worker arguments are int32). Threads split the element range.
#include <wasm_simd128.h>
#include "kernels.h"

#define F(bits) __builtin_bit_cast(float, bits)

EXPORT void adam(const float *x, const float *g, const float *m, const float *v, float *ox, float *om, float *ov, int n,
                 int b1_bits, int omb1_bits, int b2_bits, int omb2_bits, int c1_bits, int c2_bits, int neglr_bits, int eps_bits,
                 int tid, int nth) {
  float b1 = F(b1_bits), omb1 = F(omb1_bits), b2 = F(b2_bits), omb2 = F(omb2_bits);
  float c1 = F(c1_bits), c2 = F(c2_bits), neglr = F(neglr_bits), eps = F(eps_bits);
  long blocks = (n + 63) / 64;
  long i = (long)split((int)blocks, tid, nth, 0) * 64, i1 = (long)split((int)blocks, tid, nth, 1) * 64;
  if (i1 > n) i1 = n;
  v128_t B1 = wasm_f32x4_splat(b1), OMB1 = wasm_f32x4_splat(omb1), B2 = wasm_f32x4_splat(b2), OMB2 = wasm_f32x4_splat(omb2);
  v128_t C1 = wasm_f32x4_splat(c1), C2 = wasm_f32x4_splat(c2), NEGLR = wasm_f32x4_splat(neglr), EPS = wasm_f32x4_splat(eps);
  for (; i + 4 <= i1; i += 4) {
    v128_t gi = wasm_v128_load(g + i);
    v128_t nm = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), B1), wasm_f32x4_mul(gi, OMB1));
    v128_t nv = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), B2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), OMB2));
    v128_t step = wasm_f32x4_div(wasm_f32x4_div(nm, C1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(nv, C2)), EPS));
    wasm_v128_store(om + i, nm);
    wasm_v128_store(ov + i, nv);
    wasm_v128_store(ox + i, wasm_f32x4_add(wasm_f32x4_mul(step, NEGLR), wasm_v128_load(x + i)));
  }
  for (; i < i1; i++) {
    float gi = g[i];
    float nm = m[i] * b1 + gi * omb1;
    float nv = v[i] * b2 + (gi * gi) * omb2;
    om[i] = nm;
    ov[i] = nv;
    ox[i] = (nm / c1) / (__builtin_sqrtf(nv / c2) + eps) * neglr + x[i];
  }
}
