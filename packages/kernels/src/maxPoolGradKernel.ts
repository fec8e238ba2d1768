import { backend_util, MaxPoolGrad } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { convGeometry } from './convGeometry.js';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

/**
 * Max-pool gradient in NHWC order: each output pixel finds, per channel, the first strictly
 * greatest input of its window in row-major scan order (tfjs-cpu's tie rule, which matters after
 * ReLU zeros) and adds dy there. tfjs-cpu recomputes every window through 4-D index objects.
 */
function maxPoolGrad(x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  // Overlapping windows: float64 sums (they add in a different order than tfjs-cpu, but exactly).
  // Disjoint windows add at most one dy per input, straight into the float32 output.
  const disjoint = info.strideHeight >= info.effectiveFilterHeight && info.strideWidth >= info.effectiveFilterWidth;
  const dx = disjoint ? outputPool.take(x.length).fill(0) : new Float64Array(x.length);
  const best = new Float64Array(c);
  const at = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < oh; yR++) {
      const r0 = yR * info.strideHeight - info.padInfo.top;
      for (let yC = 0; yC < ow; yC++) {
        const c0 = yC * info.strideWidth - info.padInfo.left;
        best.fill(-Infinity);
        at.fill(-1);
        for (let xR = Math.max(r0, 0); xR < Math.min(h, r0 + info.effectiveFilterHeight); xR++) {
          for (let xC = Math.max(c0, 0); xC < Math.min(w, c0 + info.effectiveFilterWidth); xC++) {
            const base = ((b * h + xR) * w + xC) * c;
            for (let d = 0; d < c; d++) {
              const v = x[base + d]!;
              if (v > best[d]!) { best[d] = v; at[d] = base + d; }
            }
          }
        }
        const out = ((b * oh + yR) * ow + yC) * c;
        for (let d = 0; d < c; d++) if (at[d]! >= 0) dx[at[d]!] = dx[at[d]!]! + dy[out + d]!;
      }
    }
  }
  if (dx instanceof Float32Array) return dx;
  const out = outputPool.take(dx.length);
  out.set(dx);
  return out;
}

/**
 * maxPoolGrad in wasm (csrc/max_pool.c) on every thread for disjoint windows (the U-Net's 2x2
 * stride 2) when the output lives in the shared memory; overlapping windows and plain arrays take
 * the JS loop. The kernel writes every input inside a window, so dx is zeroed first only when
 * some inputs lie outside every window.
 */
function maxPoolGradWasm(rt: WasmRuntime, x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const disjoint = info.strideHeight >= info.effectiveFilterHeight && info.strideWidth >= info.effectiveFilterWidth;
  if (!disjoint) return maxPoolGrad(x, dy, info);
  const dx = outputPool.take(x.length);
  if (!outputPool.inStore(dx)) {
    outputPool.release(dx);
    return maxPoolGrad(x, dy, info);
  }
  const covered = info.strideHeight === info.filterHeight && info.strideWidth === info.filterWidth &&
    info.outHeight * info.strideHeight - info.padInfo.top >= info.inHeight && info.outWidth * info.strideWidth - info.padInfo.left >= info.inWidth;
  if (!covered) dx.fill(0);
  rt.reset();
  try {
    rt.run('max_pool_grad', [rt.put(convGeometry(info, 0)), rt.input(x), rt.input(dy), dx.byteOffset], x.length);
  } finally {
    rt.reset();
  }
  return dx;
}

/** Float32 NHWC MaxPoolGrad (dilation 1); other cases go to `stock`. */
export function maxPoolGradKernel(rt: WasmRuntime, backendName: string, stock: Stock): KernelConfig {
  const kernelFunc = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
      filterSize: number | [number, number]; strides: number | [number, number]; pad: backend_util.PadInfo['type'] | number; dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const xv = floatValues(backend, input), dyv = floatValues(backend, dy);
    if (xv === undefined || dyv === undefined || input.shape.length !== 4) return stock(MaxPoolGrad)(args) as TensorInfo;
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad as 'same', dimRoundingMode);
    return backend.makeTensorInfo(input.shape, 'float32', maxPoolGradWasm(rt, xv, dyv, info));
  };
  return { kernelName: MaxPoolGrad, backendName, kernelFunc: kernelFunc as KernelFunc };
}
