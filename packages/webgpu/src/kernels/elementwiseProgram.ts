/** Base of Maskflow's one-output elementwise WGSL programs: one invocation per output element (tfjs' flat dispatch). */
import { webgpu_util, type WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/** A program writing `result[index]` for every index of `outputShape`; subclasses give the inputs and `fn main(index : i32)`. */
export abstract class ElementwiseProgram implements WebGPUProgram {
  abstract variableNames: string[];
  abstract shaderKey: string;
  uniforms?: string;
  outputShape: number[];
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;

  constructor(shape: number[]) {
    this.outputShape = shape;
    this.dispatchLayout = webgpu_util.flatDispatchLayout(shape);
    this.dispatch = webgpu_util.computeDispatch(this.dispatchLayout, shape, this.workgroupSize);
  }

  abstract getUserCode(): string;
}
