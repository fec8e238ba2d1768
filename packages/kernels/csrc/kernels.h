// Shared helpers of the Maskflow WebAssembly kernels. Every exported kernel takes (tid, nth) last:
// all threads call it with the same arguments and each one does its own share of the work.
#pragma once

#define EXPORT __attribute__((visibility("default")))

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
