// Strided block copy for Concat and SplitV on tensors in the shared memory: `outer` runs of `run`
// floats, run o read at src + o * src_stride and written at dst + o * dst_stride (along the
// channel axis of NHWC these runs are a few channels per pixel, too short for a JS set() each).
// Threads split the runs; f32x4 moves keep every bit (NaN payloads, -0).
#include <wasm_simd128.h>
#include "kernels.h"

EXPORT void copy_runs(float *dst, const float *src, int outer, int run, int dst_stride, int src_stride, int tid, int nth) {
  int o0 = split(outer, tid, nth, 0), o1 = split(outer, tid, nth, 1);
  for (int o = o0; o < o1; o++) {
    const float *s = src + (long)o * src_stride;
    float *d = dst + (long)o * dst_stride;
    int k = 0;
    for (; k + 4 <= run; k += 4) wasm_v128_store(d + k, wasm_v128_load(s + k));
    for (; k < run; k++) d[k] = s[k];
  }
}
