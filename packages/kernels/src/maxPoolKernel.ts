import { backend_util, MaxPool } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { convGeometry } from './convGeometry.js';
import { outputPool } from './outputPool.js';
import { floatValues } from './tensorData.js';
import type { WasmRuntime } from './wasmRuntime.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

/**
 * Max pooling in NHWC order: each output pixel scans its window once, all channels of an input
 * pixel at a time (contiguous), instead of tfjs-cpu's channel-outer loop that revisits every
 * window per channel. Same rule as tfjs-cpu: start at -Infinity, take strictly greater values, so
 * NaN is never taken and an all-NaN window gives -Infinity.
 */
function maxPool(x: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const out = outputPool.take(batchSize * oh * ow * c);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < oh; yR++) {
      const r0 = yR * info.strideHeight - info.padInfo.top;
      const rMin = Math.max(r0, 0), rMax = Math.min(h, r0 + info.effectiveFilterHeight);
      for (let yC = 0; yC < ow; yC++) {
        const c0 = yC * info.strideWidth - info.padInfo.left;
        const cMin = Math.max(c0, 0), cMax = Math.min(w, c0 + info.effectiveFilterWidth);
        const o = ((b * oh + yR) * ow + yC) * c;
        out.fill(-Infinity, o, o + c);
        for (let xR = rMin; xR < rMax; xR++) {
          for (let xC = cMin; xC < cMax; xC++) {
            const base = ((b * h + xR) * w + xC) * c;
            for (let d = 0; d < c; d++) {
              const v = x[base + d]!;
              if (v > out[o + d]!) out[o + d] = v;
            }
          }
        }
      }
    }
  }
  return out;
}

/** maxPool in wasm (csrc/max_pool.c) on every thread, when the output lives in the shared memory; else the JS loop. */
function maxPoolWasm(rt: WasmRuntime, x: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const out = outputPool.take(info.batchSize * info.outHeight * info.outWidth * info.inChannels);
  if (!outputPool.inStore(out)) {
    outputPool.release(out);
    return maxPool(x, info);
  }
  rt.reset();
  try {
    rt.run('max_pool', [rt.put(convGeometry(info, 0)), rt.input(x), out.byteOffset], x.length);
  } finally {
    rt.reset();
  }
  return out;
}

/** Float32 NHWC MaxPool (dilation 1, not the 1x1 identity); other cases go to `stock`. */
export function maxPoolKernel(rt: WasmRuntime, backendName: string, stock: Stock): KernelConfig {
  const kernelFunc = (args: Args): TensorInfo => {
    const backend = args.backend as MathBackendCPU;
    const { x } = args.inputs as { x: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
      filterSize: number | [number, number]; strides: number | [number, number]; pad: backend_util.PadInfo['type'] | number; dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const xv = floatValues(backend, x);
    if (xv === undefined || x.shape.length !== 4) return stock(MaxPool)(args) as TensorInfo;
    const info = backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad as 'same', dimRoundingMode);
    if (info.filterHeight === 1 && info.filterWidth === 1 && info.outHeight === info.inHeight && info.outWidth === info.inWidth) {
      return stock(MaxPool)(args) as TensorInfo;
    }
    return backend.makeTensorInfo(info.outShape, 'float32', maxPoolWasm(rt, xv, info));
  };
  return { kernelName: MaxPool, backendName, kernelFunc: kernelFunc as KernelFunc };
}
