// Sums of a (rows x cols) float32 matrix in float64, for Sum and Mean over leading or trailing axes.
#include <wasm_simd128.h>
#include "kernels.h"

// partial[tid * cols + c] = sum of x[r][c] over this thread's rows (the caller adds the partials
// of every share in share order, so the result does not depend on which thread ran which share).
EXPORT void col_sums(const float *x, int rows, int cols, double *partial, int tid, int nth) {
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  double *acc = partial + (long)tid * cols;
  for (int c = 0; c < cols; c++) acc[c] = 0.0;
  for (int r = r0; r < r1; r++) {
    const float *row = x + (long)r * cols;
    int c = 0;
    for (; c + 2 <= cols; c += 2) {
      v128_t pair = wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(row + c));
      wasm_v128_store(acc + c, wasm_f64x2_add(wasm_v128_load(acc + c), pair));
    }
    for (; c < cols; c++) acc[c] += (double)row[c];
  }
}

// sums[r] = x[r][0] + x[r][1] + ... in order, in float64. Threads split the rows.
EXPORT void row_sums(const float *x, int rows, int cols, double *sums, int tid, int nth) {
  int r0 = split(rows, tid, nth, 0), r1 = split(rows, tid, nth, 1);
  for (int r = r0; r < r1; r++) {
    const float *row = x + (long)r * cols;
    double s = 0.0;
    for (int c = 0; c < cols; c++) s += (double)row[c];
    sums[r] = s;
  }
}
