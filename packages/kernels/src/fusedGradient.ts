import * as tf from '@tensorflow/tfjs-core';

/** The fused form of an op's gradient: its gradient map, or undefined for a call it does not cover. */
export type FusedGradFunc = (dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap) => ReturnType<tf.GradFunc> | undefined;

/**
 * Registers `op`'s gradient again so that, on a backend that registers `kernelName` (maskflow-cpu's
 * wasm kernels, maskflow-webgpu's WGSL ones), `fused` computes it with that kernel; on any other
 * backend, or for a call `fused` does not cover, tfjs-core's own gradient runs unchanged. Gradients
 * are registered per op for every backend, which is why the choice is made per call. Idempotent:
 * the registration is marked with `kernelName`.
 */
export function fuseGradient(op: string, kernelName: string, fused: FusedGradFunc): void {
  const original = tf.getGradient(op);
  if (original === undefined || (original as { fusedBy?: string }).fusedBy === kernelName) return;
  const gradFunc: tf.GradFunc = (dy, saved, attrs) =>
    (tf.getKernel(kernelName, tf.getBackend()) === undefined ? undefined : fused(dy as tf.Tensor, saved, attrs)) ?? original.gradFunc(dy, saved, attrs);
  tf.registerGradient({ ...original, gradFunc, fusedBy: kernelName } as tf.GradConfig);
}
