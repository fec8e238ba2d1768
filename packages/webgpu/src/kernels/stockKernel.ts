/** The stock tfjs-backend-webgpu kernel a Maskflow kernel falls back to for cases it does not cover. */
import { getKernel, type KernelFunc } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';

/** kernelFunc of tfjs-backend-webgpu's `kernelName` (registered under 'webgpu' when its module loads). */
export function stockKernel(kernelName: string): KernelFunc {
  const config = getKernel(kernelName, 'webgpu');
  if (config === undefined) {
    throw new Error(`tfjs-backend-webgpu has no '${kernelName}' kernel to fall back to: expected @tensorflow/tfjs-backend-webgpu 4.22.0, check the installed version`);
  }
  return config.kernelFunc;
}
