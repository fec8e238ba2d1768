/** Second pass of split-K: add the per-split partial sums [splits, size] into the output. */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { webgpu_util, type WebGPUBackend, type WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/** Sums partials [splits, ...outputShape] over the first axis (times `scale`), one invocation per output element. */
class SplitKSumProgram implements WebGPUProgram {
  variableNames = ['partials'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;
  uniforms = 'scale : f32,';

  constructor(outputShape: number[], readonly splits: number) {
    this.outputShape = outputShape;
    this.dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
    this.dispatch = webgpu_util.computeDispatch(this.dispatchLayout, outputShape, this.workgroupSize);
    this.shaderKey = `maskflowSplitKSum_${splits}`;
  }

  getUserCode(): string {
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        var sum = 0.0;
        for (var s = 0; s < ${this.splits}; s = s + 1) {
          sum = sum + partials[s * uniforms.size + index];
        }
        result[index] = sum * uniforms.scale;
      }
    }`;
  }
}

/** Add `partials` ([splits, ...]) times `scale` into a new float32 tensor of `outputShape`; disposes `partials`. */
export function sumSplits(backend: WebGPUBackend, partials: TensorInfo, outputShape: number[], scale = 1): TensorInfo {
  const splits = partials.shape[0] ?? 1;
  const out = backend.runWebGPUProgram(new SplitKSumProgram(outputShape, splits), [partials], 'float32', [{ type: 'float32', data: [scale] }]);
  backend.disposeData(partials.dataId);
  return out;
}
