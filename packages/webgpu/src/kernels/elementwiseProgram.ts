/** Base of Maskflow's one-output elementwise WGSL programs: one invocation per output element (tfjs' flat dispatch). */
import { util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { webgpu_util, type WebGPUBackend, type WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { describeInput, KernelInputError } from '../errors.js';

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

/** The kernel of a gradient program over float32 `dy` and `x` of one shape (ReLU's, Square's). */
export function dyXGradKernel(kernelName: string, program: (shape: number[]) => ElementwiseProgram): KernelFunc {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const backend = args.backend as WebGPUBackend;
    const { dy, x } = args.inputs as Record<string, TensorInfo | undefined>;
    if (dy === undefined || x === undefined || dy.dtype !== 'float32' || x.dtype !== 'float32' || !util.arraysEqual(dy.shape, x.shape)) {
      throw new KernelInputError(kernelName, 'float32 dy and x of one shape', `dy ${describeInput(dy)}, x ${describeInput(x)}`);
    }
    return backend.runWebGPUProgram(program(x.shape), [dy, x], 'float32');
  };
  return kernelFunc as unknown as KernelFunc;
}
