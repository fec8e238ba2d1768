import { Cast } from '@tensorflow/tfjs-core';
import type { CastAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { outputPool } from './outputPool.js';

type Args = Parameters<KernelFunc>[0];
type Stock = (name: string) => KernelFunc;

/**
 * Cast of bool or int32 to float32 into a pooled Float32Array. tfjs-cpu casts these by sharing
 * the input's Uint8Array or Int32Array under the float32 dtype (no precision is lost), so every
 * kernel that then reads the "float32" tensor — a mask `tf.cast(tf.greater(p, 0.5), 'float32')`
 * in a loss — misses the Float32Array fast paths and runs tfjs-cpu's per-element loop (measured:
 * 1.7-4.8 ms instead of 0.05 ms for one 32 K-element Multiply). One copy here is cheaper than
 * that on the first use. int32 values past 2^24 round to the nearest float32, as the dtype says
 * (tfjs-cpu's shared Int32Array keeps them exact). Other casts go to `stock`.
 */
export function castKernel(backendName: string, stock: Stock): KernelConfig {
  return {
    kernelName: Cast,
    backendName,
    kernelFunc: ((args: Args): TensorInfo => {
      const backend = args.backend as MathBackendCPU;
      const { x } = args.inputs as { x: TensorInfo };
      const { dtype } = args.attrs as unknown as CastAttrs;
      if (dtype === 'float32' && (x.dtype === 'bool' || x.dtype === 'int32')) {
        const values = backend.data.get(x.dataId).values;
        if (values instanceof Uint8Array || values instanceof Int32Array) {
          const out = outputPool.take(values.length);
          out.set(values);
          return backend.makeTensorInfo(x.shape, 'float32', out);
        }
      }
      return stock(Cast)(args) as TensorInfo;
    }) as KernelFunc,
  };
}
