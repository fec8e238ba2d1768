/** Conv2D and FusedConv2D (bias, linear/relu/sigmoid) as register-blocked programs on software adapters. */
import { backend_util, Conv2D, FusedConv2D, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { BlockedProgram, gather4 } from './blockedPrograms.js';
import { variantFor } from './kernelVariant.js';
import { stockKernel } from './stockKernel.js';

/** Activations applied in the store; FusedConv2D calls with any other go to the stock kernel. */
const ACTIVATIONS: Record<string, string> = { linear: 'v', relu: 'max(v, 0.0)', sigmoid: '1.0 / (1.0 + exp(-v))' };

/**
 * y[b, oh, ow, co] = act(bias[co] + sum over (kh, kw, ci) of x[b, oh*sh - padTop + kh, ow*sw - padLeft + kw, ci] * W[kh, kw, ci, co]):
 * rows m = (b, oh, ow) decoded once, then for each filter tap the four rows' x pixels are found once
 * and the loop runs over ci. Why only on software adapters: stock conv2d_mm is a workgroup-memory
 * tiled GEMM, the right shape on a GPU and the slow one on llvmpipe (see registerBlocked.ts).
 */
export class Conv2DBlockedProgram extends BlockedProgram {
  variableNames: string[];
  uniforms = 'dimM : i32, dimN : i32, pads : vec2<i32>, strides : vec2<i32>,';

  constructor(outputShape: number[], dimM: number, dimN: number, readonly hasBias: boolean, readonly activation: string) {
    super(`Conv2D_${hasBias}_${activation}`, outputShape, dimM, dimN, 1);
    this.variableNames = hasBias ? ['x', 'W', 'bias'] : ['x', 'W'];
  }

  getUserCode(): string {
    const rows = [0, 1, 2, 3].map(
      (i) => `
    {
      let m = min(mBase + ${i}, uniforms.dimM - 1);
      mOk[${i}] = mBase + ${i} < uniforms.dimM;
      let bh = m / outW;
      ow[${i}] = m - bh * outW;
      bi[${i}] = bh / outH;
      oh[${i}] = bh - bi[${i}] * outH;
    }`,
    );
    const write = `var v = value${this.hasBias ? ' + bias[n]' : ''};\n    result[m * uniforms.dimN + n] = ${ACTIVATIONS[this.activation]};`;
    return this.source(
      `
    let inH = uniforms.xShape[1];
    let inW = uniforms.xShape[2];
    let inC = uniforms.xShape[3];
    let outH = uniforms.outShape[1];
    let outW = uniforms.outShape[2];
    let outC = uniforms.dimN;
    let fh = uniforms.wShape[0];
    let fw = uniforms.wShape[1];
    var oh = vec4<i32>(0);
    var ow = vec4<i32>(0);
    var bi = vec4<i32>(0);
    var mOk = vec4<bool>(false);
    ${rows.join('')}
    let nc = min(vec4<i32>(nBase) + vec4<i32>(0, 1, 2, 3), vec4<i32>(uniforms.dimN - 1));
    for (var kh = 0; kh < fh; kh = kh + 1) {
      let ih = oh * uniforms.strides[0] + vec4<i32>(kh - uniforms.pads[0]);
      for (var kw = 0; kw < fw; kw = kw + 1) {
        let iw = ow * uniforms.strides[1] + vec4<i32>(kw - uniforms.pads[1]);
        let ok = mOk & (ih >= vec4<i32>(0)) & (ih < vec4<i32>(inH)) & (iw >= vec4<i32>(0)) & (iw < vec4<i32>(inW));
        if (any(ok)) {
          let base = select(vec4<i32>(0), ((bi * inH + ih) * inW + iw) * inC, ok);
          let wb = vec4<i32>((kh * fw + kw) * inC * outC) + nc;
          for (var ci = 0; ci < inC; ci = ci + 1) {
            let xi = base + vec4<i32>(ci);
            ${gather4('xa', 'x', 'xi')}
            let a = select(vec4<f32>(0.0), xa, ok);
            let a0 = a.x; let a1 = a.y; let a2 = a.z; let a3 = a.w;
            let wi = wb + vec4<i32>(ci * outC);
            ${gather4('b', 'W', 'wi')}
            FMA_BLOCK
          }
        }
      }
    }`,
      write,
    );
  }
}

interface ConvArgs {
  x: TensorInfo;
  filter: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

/** Whether the blocked program covers this call: software adapter, NHWC float32, dilation 1, bias [co] or none, linear/relu/sigmoid. */
export function coversConv2d(backend: object, c: backend_util.Conv2DInfo, inputs: ConvArgs, activation: string): boolean {
  const bias = inputs.bias;
  return (
    variantFor(backend) === 'blocked' &&
    c.dataFormat === 'channelsLast' &&
    inputs.x.dtype === 'float32' &&
    c.dilationHeight === 1 &&
    c.dilationWidth === 1 &&
    inputs.preluActivationWeights === undefined &&
    (bias === undefined || (bias.shape.length === 1 && bias.shape[0] === c.outChannels)) &&
    Object.hasOwn(ACTIVATIONS, activation)
  );
}

function conv(kernelName: typeof Conv2D | typeof FusedConv2D): KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as ConvArgs;
    const attrs = args.attrs as unknown as { strides: number | [number, number]; pad: 'same' | 'valid' | number; dataFormat: 'NHWC' | 'NCHW'; dilations: number | [number, number]; dimRoundingMode?: 'floor' | 'round' | 'ceil'; activation?: string };
    const activation = attrs.activation ?? 'linear';
    const c = backend_util.computeConv2DInfo(
      inputs.x.shape as [number, number, number, number],
      inputs.filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    if (!coversConv2d(args.backend, c, inputs, activation)) return stockKernel(kernelName)(args);
    const dimM = c.batchSize * c.outHeight * c.outWidth;
    const program = new Conv2DBlockedProgram([c.batchSize, c.outHeight, c.outWidth, c.outChannels], dimM, c.outChannels, inputs.bias !== undefined, activation);
    const uniforms = [
      { type: 'int32', data: [dimM] },
      { type: 'int32', data: [c.outChannels] },
      { type: 'int32', data: [c.padInfo.top, c.padInfo.left] },
      { type: 'int32', data: [c.strideHeight, c.strideWidth] },
    ];
    const operands = inputs.bias === undefined ? [inputs.x, inputs.filter] : [inputs.x, inputs.filter, inputs.bias];
    return (args.backend as WebGPUBackend).runWebGPUProgram(program, operands, 'float32', uniforms);
  };
}

/** Conv2D for 'maskflow-webgpu': register-blocked on software adapters, the stock (tiled) kernel otherwise. */
export const conv2dConfig: KernelConfig = { kernelName: Conv2D, backendName: 'maskflow-webgpu', kernelFunc: conv(Conv2D) };
/** FusedConv2D for 'maskflow-webgpu': register-blocked on software adapters, the stock (tiled) kernel otherwise. */
export const fusedConv2dConfig: KernelConfig = { kernelName: FusedConv2D, backendName: 'maskflow-webgpu', kernelFunc: conv(FusedConv2D) };
