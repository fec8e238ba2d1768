/** Conv2DBackpropFilter as a split-K tiled GEMM over the implicit im2col of x (NHWC, float32). */
import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type Conv2DBackpropFilterInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { Conv2DBackpropFilterBlockedProgram } from './blockedPrograms.js';
import { variantFor, type KernelVariant } from './kernelVariant.js';
import { sumSplits } from './splitKSum.js';
import { stockKernel } from './stockKernel.js';
import { GEMM_UNIFORMS, TiledGemmProgram, chooseSplitK, gemmUniformData, tiledGemmSource } from './tiledGemm.js';

/**
 * dW[kh, kw, ci, co] = sum over (b, oh, ow) of x[b, oh*sh - padTop + kh, ow*sw - padLeft + kw, ci] * dy[b, oh, ow, co]:
 * a GEMM with M = kh*kw*ci, N = co, K = batch*outH*outW. K is long (batch x H x W) and M x N short,
 * so K is split across workgroups (workgroup z); each writes partial sums [split, M*N] and SplitKSum adds them.
 */
export class Conv2DBackpropFilterGemmProgram extends TiledGemmProgram {
  variableNames = ['x', 'dy'];
  uniforms = `${GEMM_UNIFORMS} pads : vec2<i32>, strides : vec2<i32>, filterWidth : i32,`;
  shaderKey = 'maskflowConv2DBackpropFilterGemm';

  getUserCode(): string {
    return tiledGemmSource({
      a: {
        kContiguous: false,
        body: `
          let inC = uniforms.xShape[3];
          let ci = m % inC;
          let khw = m / inC;
          let kw = khw % uniforms.filterWidth;
          let kh = khw / uniforms.filterWidth;
          let outW = uniforms.dyShape[2];
          let outH = uniforms.dyShape[1];
          let ow = k % outW;
          let bh = k / outW;
          let oh = bh % outH;
          let b = bh / outH;
          let ih = oh * uniforms.strides[0] - uniforms.pads[0] + kh;
          let iw = ow * uniforms.strides[1] - uniforms.pads[1] + kw;
          if (ih < 0 || ih >= uniforms.xShape[1] || iw < 0 || iw >= uniforms.xShape[2]) { return 0.0; }
          return x[((b * uniforms.xShape[1] + ih) * uniforms.xShape[2] + iw) * inC + ci];`,
      },
      b: { kContiguous: false, body: 'return dy[k * uniforms.dimN + n];' },
      write: 'result[(split * uniforms.dimM + m) * uniforms.dimN + n] = value;',
    });
  }
}

/**
 * Whether Maskflow's programs cover this call (else the stock webgpu kernel runs): NHWC float32; on
 * the register-blocked family also at least 4 output channels, since with 1 to 3 (the U-Net's final
 * 1x1 conv) most of each 4-column block is wasted and the stock per-weight loop is faster on a CPU
 * driver (bench:kernels: 4 ms stock vs 91 ms blocked for x 4x128x128x16, dy 4x128x128x1).
 */
export function coversBackpropFilter(convInfo: backend_util.Conv2DInfo, dtype: string, variant: KernelVariant): boolean {
  const layout = convInfo.dataFormat === 'channelsLast' && dtype === 'float32' && convInfo.dilationHeight === 1 && convInfo.dilationWidth === 1;
  return layout && (variant === 'tiled' || convInfo.outChannels >= 4);
}

/** Run the split-K GEMM (tiled or register-blocked) and, when K was split, the partial-sum pass. */
export function runBackpropFilterGemm(backend: WebGPUBackend, x: TensorInfo, dy: TensorInfo, convInfo: backend_util.Conv2DInfo, variant: KernelVariant): TensorInfo {
  const { filterHeight, filterWidth, inChannels, outChannels, batchSize, outHeight, outWidth } = convInfo;
  const dimM = filterHeight * filterWidth * inChannels;
  const dimN = outChannels;
  const dimK = batchSize * outHeight * outWidth;
  const filterShape = [filterHeight, filterWidth, inChannels, outChannels];
  const pads = { type: 'int32', data: [convInfo.padInfo.top, convInfo.padInfo.left] };
  const strides = { type: 'int32', data: [convInfo.strideHeight, convInfo.strideWidth] };
  let out: TensorInfo;
  let splits: number;
  if (variant === 'blocked') {
    // Split along whole (b, oh) rows so the kernel walks ow without dividing.
    const rows = batchSize * outHeight;
    const rowsPerSplit = Math.ceil(rows / chooseSplitK(dimM, dimN, dimK).splits);
    splits = Math.ceil(rows / rowsPerSplit);
    const program = new Conv2DBackpropFilterBlockedProgram(splits === 1 ? filterShape : [splits, dimM * dimN], dimM, dimN, splits);
    const uniforms = [dimM, dimN, rowsPerSplit].map((v) => ({ type: 'int32', data: [v] }));
    out = backend.runWebGPUProgram(program, [x, dy], 'float32', [...uniforms, pads, strides, { type: 'int32', data: [filterWidth] }]);
  } else {
    const split = chooseSplitK(dimM, dimN, dimK);
    splits = split.splits;
    const program = new Conv2DBackpropFilterGemmProgram(splits === 1 ? filterShape : [splits, dimM * dimN], dimM, dimN, splits);
    const uniforms = [...gemmUniformData(dimM, dimN, dimK, split.kChunk), pads, strides, { type: 'int32', data: [filterWidth] }];
    out = backend.runWebGPUProgram(program, [x, dy], 'float32', uniforms);
  }
  return splits === 1 ? out : sumSplits(backend, out, filterShape);
}

/** Conv2DBackpropFilter for 'maskflow-webgpu': split-K GEMM for NHWC float32 (variantFor picks the program family), the stock kernel otherwise. */
export const conv2dBackpropFilter: KernelFunc = (args) => {
  const { x, dy } = args.inputs as unknown as Record<keyof Conv2DBackpropFilterInputs, TensorInfo>;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const convInfo = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const variant = variantFor(args.backend);
  if (!coversBackpropFilter(convInfo, x.dtype, variant)) return stockKernel(Conv2DBackpropFilter)(args);
  return runBackpropFilterGemm(args.backend as WebGPUBackend, x, dy, convInfo, variant);
};

/** Registration of {@link conv2dBackpropFilter} (backendName is set by registerWebGpuBackend). */
export const conv2dBackpropFilterConfig: KernelConfig = { kernelName: Conv2DBackpropFilter, backendName: 'maskflow-webgpu', kernelFunc: conv2dBackpropFilter };
