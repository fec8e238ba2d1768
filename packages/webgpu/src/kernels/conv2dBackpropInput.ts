/** Conv2DBackpropInput (also tfjs' conv2dTranspose forward) as tiled GEMMs, NHWC float32. */
import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type Conv2DBackpropInputInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { Conv2DBackpropInputBlockedProgram, Conv2DTranspose2x2BlockedProgram } from './blockedPrograms.js';
import { variantFor, type KernelVariant } from './kernelVariant.js';
import { sumSplits } from './splitKSum.js';
import { stockKernel } from './stockKernel.js';
import { GEMM_UNIFORMS, TiledGemmProgram, chooseSplitK, gemmUniformData, tiledGemmSource } from './tiledGemm.js';

/** writeC of the 2x2 stride-2 matmul: column n = (a, c, ci) of row m = (b, oh, ow) goes to dx[b, 2*oh + a, 2*ow + c, ci]. */
const DEPTH_TO_SPACE_WRITE = `
        let inC = uniforms.dimN / 4;
        let ci = n % inC;
        let a = n / (2 * inC);
        let c = (n / inC) % 2;
        let ow = m % uniforms.dyShape[2];
        let bh = m / uniforms.dyShape[2];
        let oh = bh % uniforms.dyShape[1];
        let b = bh / uniforms.dyShape[1];
        let pixel = (b * uniforms.inHW[0] + 2 * oh + a) * uniforms.inHW[1] + 2 * ow + c;
        result[split * uniforms.dimM * uniforms.dimN + pixel * inC + ci] = value;`;

const CONV_UNIFORMS = `${GEMM_UNIFORMS} pads : vec2<i32>, strides : vec2<i32>, filterWidth : i32, inHW : vec2<i32>,`;

/**
 * dx[b, ih, iw, ci] = sum over (kh, kw, co) of dy[b, (ih + padTop - kh) / sh, (iw + padLeft - kw) / sw, co] * W[kh, kw, ci, co],
 * terms whose division is inexact or out of range being zero: a GEMM with M = batch*inH*inW, N = ci, K = kh*kw*co,
 * A gathered from dy (the implicit col2im of the forward conv) and B read from W in place.
 */
export class Conv2DBackpropInputGemmProgram extends TiledGemmProgram {
  variableNames = ['dy', 'W'];
  uniforms = CONV_UNIFORMS;
  shaderKey = 'maskflowConv2DBackpropInputGemm';

  getUserCode(): string {
    const decodeK = `
          let outC = uniforms.dyShape[3];
          let khw = k / outC;
          let co = k - khw * outC;
          let kh = khw / uniforms.filterWidth;
          let kw = khw - kh * uniforms.filterWidth;`;
    return tiledGemmSource({
      a: {
        kContiguous: true,
        body: `${decodeK}
          let bh = m / uniforms.inHW[1];
          let iw = m - bh * uniforms.inHW[1];
          let b = bh / uniforms.inHW[0];
          let ih = bh - b * uniforms.inHW[0];
          let th = ih + uniforms.pads[0] - kh;
          let tw = iw + uniforms.pads[1] - kw;
          if (th < 0 || tw < 0) { return 0.0; }
          let oh = th / uniforms.strides[0];
          let ow = tw / uniforms.strides[1];
          if (oh * uniforms.strides[0] != th || ow * uniforms.strides[1] != tw || oh >= uniforms.dyShape[1] || ow >= uniforms.dyShape[2]) {
            return 0.0;
          }
          return dy[((b * uniforms.dyShape[1] + oh) * uniforms.dyShape[2] + ow) * outC + co];`,
      },
      b: { kContiguous: true, body: `${decodeK}\n          return W[((kh * uniforms.filterWidth + kw) * uniforms.dimN + n) * outC + co];` },
      write: 'result[(split * uniforms.dimM + m) * uniforms.dimN + n] = value;',
    });
  }
}

/**
 * The 2x2 stride-2 transposed convolution without overlap (padding 0, dx exactly twice dy's size):
 * every dx pixel gets exactly one dy pixel, so dx is the 1x1 matmul [batch*H*W, co] x [co, 4*ci]
 * written through a depth-to-space: GEMM row m = (b, oh, ow), column n = (a, c, ci) -> dx[b, 2*oh + a, 2*ow + c, ci].
 */
export class Conv2DTranspose2x2GemmProgram extends TiledGemmProgram {
  variableNames = ['dy', 'W'];
  uniforms = CONV_UNIFORMS;
  shaderKey = 'maskflowConv2DTranspose2x2Gemm';

  getUserCode(): string {
    return tiledGemmSource({
      a: { kContiguous: true, body: 'return dy[m * uniforms.dimK + k];' },
      b: { kContiguous: true, body: 'return W[n * uniforms.dimK + k];' },
      write: DEPTH_TO_SPACE_WRITE,
    });
  }
}

/** Whether the tiled kernels cover this call (else the stock webgpu kernel runs). */
export function coversBackpropInput(convInfo: backend_util.Conv2DInfo, dtype: string): boolean {
  return convInfo.dataFormat === 'channelsLast' && dtype === 'float32' && convInfo.dilationHeight === 1 && convInfo.dilationWidth === 1;
}

/** Whether this is the non-overlapping 2x2 stride-2 case that runs as a 1x1 matmul plus depth-to-space. */
export function isTranspose2x2(c: backend_util.Conv2DInfo): boolean {
  return (
    c.filterHeight === 2 && c.filterWidth === 2 && c.strideHeight === 2 && c.strideWidth === 2 && c.padInfo.top === 0 && c.padInfo.left === 0 &&
    c.inHeight === 2 * c.outHeight && c.inWidth === 2 * c.outWidth
  );
}

/** Run the GEMM for dx (tiled or register-blocked) and, when K was split, the partial-sum pass. */
export function runBackpropInputGemm(backend: WebGPUBackend, dy: TensorInfo, filter: TensorInfo, c: backend_util.Conv2DInfo, variant: KernelVariant): TensorInfo {
  const fast = isTranspose2x2(c);
  const dimM = fast ? c.batchSize * c.outHeight * c.outWidth : c.batchSize * c.inHeight * c.inWidth;
  const dimN = fast ? 4 * c.inChannels : c.inChannels;
  const dimK = fast ? c.outChannels : c.filterHeight * c.filterWidth * c.outChannels;
  const dxShape = [c.batchSize, c.inHeight, c.inWidth, c.inChannels];
  const int = (...data: number[]): { type: string; data: number[] } => ({ type: 'int32', data });
  if (variant === 'blocked' && !fast) {
    // Taps are walked inside the kernel, so K is never split here.
    const program = new Conv2DBackpropInputBlockedProgram(dxShape, dimM, dimN);
    const uniforms = [int(dimM), int(dimN), int(c.padInfo.top, c.padInfo.left), int(c.strideHeight, c.strideWidth), int(c.inHeight, c.inWidth)];
    return backend.runWebGPUProgram(program, [dy, filter], 'float32', uniforms);
  }
  const { kChunk, splits } = chooseSplitK(dimM, dimN, dimK);
  const shape = splits === 1 ? dxShape : [splits, dxShape.reduce((a, b) => a * b, 1)];
  let out: TensorInfo;
  if (variant === 'blocked') {
    const program = new Conv2DTranspose2x2BlockedProgram(shape, dimM, dimN, splits, DEPTH_TO_SPACE_WRITE);
    out = backend.runWebGPUProgram(program, [dy, filter], 'float32', [int(dimM), int(dimN), int(dimK), int(kChunk), int(c.inHeight, c.inWidth)]);
  } else {
    const program = fast ? new Conv2DTranspose2x2GemmProgram(shape, dimM, dimN, splits) : new Conv2DBackpropInputGemmProgram(shape, dimM, dimN, splits);
    const uniforms = [
      ...gemmUniformData(dimM, dimN, dimK, kChunk),
      int(c.padInfo.top, c.padInfo.left),
      int(c.strideHeight, c.strideWidth),
      int(c.filterWidth),
      int(c.inHeight, c.inWidth),
    ];
    out = backend.runWebGPUProgram(program, [dy, filter], 'float32', uniforms);
  }
  return splits === 1 ? out : sumSplits(backend, out, dxShape);
}

/** Conv2DBackpropInput for 'maskflow-webgpu': GEMMs for NHWC float32 (variantFor picks the program family), the stock kernel otherwise. */
export const conv2dBackpropInput: KernelFunc = (args) => {
  const { dy, filter } = args.inputs as unknown as Record<keyof Conv2DBackpropInputInputs, TensorInfo>;
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = args.attrs as unknown as Conv2DBackpropInputAttrs;
  const convInfo = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  if (!coversBackpropInput(convInfo, dy.dtype)) return stockKernel(Conv2DBackpropInput)(args);
  return runBackpropInputGemm(args.backend as WebGPUBackend, dy, filter, convInfo, variantFor(args.backend));
};

/** Registration of {@link conv2dBackpropInput} (backendName is set by registerWebGpuBackend). */
export const conv2dBackpropInputConfig: KernelConfig = { kernelName: Conv2DBackpropInput, backendName: 'maskflow-webgpu', kernelFunc: conv2dBackpropInput };
