/** Register-blocked (no workgroup memory) programs for the conv gradients: what software adapters run. */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { FMA_BLOCK, blockedDispatch, blockedWorkgroup, registerBlockedSource } from './registerBlocked.js';

const FOUR = [0, 1, 2, 3];
const PARTIAL_WRITE = 'result[(split * uniforms.dimM + m) * uniforms.dimN + n] = value;';

/** The block's four columns n, clamped to dimN - 1 (clamped columns are computed, never written). */
const CLAMPED_COLUMNS = 'let nc = min(vec4<i32>(nBase) + vec4<i32>(0, 1, 2, 3), vec4<i32>(uniforms.dimN - 1));';

/** WGSL: `name` = vec4 of buffer[index.x .. index.w]. */
export function gather4(name: string, buffer: string, index: string): string {
  return `let ${name} = vec4<f32>(${FOUR.map((i) => `${buffer}[${index}[${i}]]`).join(', ')});`;
}

/** A register-blocked program on the GEMM grid: workgroup sized to the output width, z = split. */
export abstract class BlockedProgram implements WebGPUProgram {
  abstract variableNames: string[];
  abstract uniforms: string;
  shaderKey: string;
  outputShape: number[];
  dispatchLayout = { x: [0], y: [1], z: [2] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];

  constructor(name: string, outputShape: number[], dimM: number, dimN: number, splits: number) {
    this.outputShape = outputShape;
    this.workgroupSize = blockedWorkgroup(dimN);
    this.dispatch = blockedDispatch(dimM, dimN, splits, this.workgroupSize);
    this.shaderKey = `maskflow${name}Blocked_${this.workgroupSize[0]}`;
  }

  abstract getUserCode(): string;

  /** registerBlockedSource on this program's workgroup; `FMA_BLOCK` in `body` is replaced by the block update. */
  protected source(body: string, write: string): string {
    return registerBlockedSource(this.workgroupSize, body.replace('FMA_BLOCK', FMA_BLOCK), '', write);
  }
}

/**
 * dW = im2col(x)^T dy, rows m = (kh, kw, ci), columns n = co; the reduction runs row by row over
 * (b, oh) (`rowsPerSplit` rows per split, workgroup z) and along ow with no index division inside.
 */
export class Conv2DBackpropFilterBlockedProgram extends BlockedProgram {
  variableNames = ['x', 'dy'];
  uniforms = 'dimM : i32, dimN : i32, rowsPerSplit : i32, pads : vec2<i32>, strides : vec2<i32>, filterWidth : i32,';

  constructor(outputShape: number[], dimM: number, dimN: number, splits: number) {
    super('Conv2DBackpropFilter', outputShape, dimM, dimN, splits);
  }

  getUserCode(): string {
    const rows = FOUR.map(
      (i) => `
    {
      let m = min(mBase + ${i}, uniforms.dimM - 1);
      mOk[${i}] = mBase + ${i} < uniforms.dimM;
      ci[${i}] = m % inC;
      let khw = m / inC;
      kw[${i}] = khw % uniforms.filterWidth;
      kh[${i}] = khw / uniforms.filterWidth;
    }`,
    );
    return registerBlockedSource(
      this.workgroupSize,
      `
    let inC = uniforms.xShape[3];
    let inH = uniforms.xShape[1];
    let inW = uniforms.xShape[2];
    let outH = uniforms.dyShape[1];
    let outW = uniforms.dyShape[2];
    let outC = uniforms.dyShape[3];
    var kh = vec4<i32>(0);
    var kw = vec4<i32>(0);
    var ci = vec4<i32>(0);
    var mOk = vec4<bool>(false);
    ${rows.join('')}
    ${CLAMPED_COLUMNS}
    let rBegin = split * uniforms.rowsPerSplit;
    let rEnd = min(uniforms.dyShape[0] * outH, rBegin + uniforms.rowsPerSplit);
    for (var r = rBegin; r < rEnd; r = r + 1) {
      let bi = r / outH;
      let oh = r - bi * outH;
      let ih = vec4<i32>(oh * uniforms.strides[0] - uniforms.pads[0]) + kh;
      let rowOk = mOk & (ih >= vec4<i32>(0)) & (ih < vec4<i32>(inH));
      let xRow = (vec4<i32>(bi * inH) + ih) * inW * inC + ci;
      let dyRow = r * outW * outC;
      for (var ow = 0; ow < outW; ow = ow + 1) {
        let iw = vec4<i32>(ow * uniforms.strides[1] - uniforms.pads[1]) + kw;
        let ok = rowOk & (iw >= vec4<i32>(0)) & (iw < vec4<i32>(inW));
        let xi = select(vec4<i32>(0), xRow + iw * inC, ok);
        ${gather4('xa', 'x', 'xi')}
        let a = select(vec4<f32>(0.0), xa, ok);
        let a0 = a.x; let a1 = a.y; let a2 = a.z; let a3 = a.w;
        let di = vec4<i32>(dyRow + ow * outC) + nc;
        ${gather4('b', 'dy', 'di')}
        ${FMA_BLOCK}
      }
    }`,
      '',
      PARTIAL_WRITE,
    );
  }
}

/**
 * dx = col2im-GEMM of dy and W, rows m = (b, ih, iw), columns n = ci: for each filter tap (kh, kw)
 * the four rows' dy pixels are found once (zero where the stride skips them), then a loop over co.
 */
export class Conv2DBackpropInputBlockedProgram extends BlockedProgram {
  variableNames = ['dy', 'W'];
  uniforms = 'dimM : i32, dimN : i32, pads : vec2<i32>, strides : vec2<i32>, inHW : vec2<i32>,';

  constructor(outputShape: number[], dimM: number, dimN: number) {
    super('Conv2DBackpropInput', outputShape, dimM, dimN, 1);
  }

  getUserCode(): string {
    const rows = FOUR.map(
      (i) => `
    {
      let m = min(mBase + ${i}, uniforms.dimM - 1);
      mOk[${i}] = mBase + ${i} < uniforms.dimM;
      let bh = m / inW;
      iw[${i}] = m - bh * inW;
      bi[${i}] = bh / inH;
      ih[${i}] = bh - bi[${i}] * inH;
    }`,
    );
    return registerBlockedSource(
      this.workgroupSize,
      `
    let inH = uniforms.inHW[0];
    let inW = uniforms.inHW[1];
    let outH = uniforms.dyShape[1];
    let outW = uniforms.dyShape[2];
    let outC = uniforms.dyShape[3];
    let fh = uniforms.wShape[0];
    let fw = uniforms.wShape[1];
    let inC = uniforms.dimN;
    let sh = vec4<i32>(uniforms.strides[0]);
    let sw = vec4<i32>(uniforms.strides[1]);
    var ih = vec4<i32>(0);
    var iw = vec4<i32>(0);
    var bi = vec4<i32>(0);
    var mOk = vec4<bool>(false);
    ${rows.join('')}
    ${CLAMPED_COLUMNS}
    for (var kh = 0; kh < fh; kh = kh + 1) {
      for (var kw = 0; kw < fw; kw = kw + 1) {
        let th = ih + vec4<i32>(uniforms.pads[0] - kh);
        let tw = iw + vec4<i32>(uniforms.pads[1] - kw);
        let oh = th / sh;
        let ow = tw / sw;
        let ok = mOk & (th >= vec4<i32>(0)) & (tw >= vec4<i32>(0)) & (oh * sh == th) & (ow * sw == tw) & (oh < vec4<i32>(outH)) & (ow < vec4<i32>(outW));
        if (any(ok)) {
          let base = select(vec4<i32>(0), ((bi * outH + oh) * outW + ow) * outC, ok);
          let wb = (vec4<i32>((kh * fw + kw) * inC) + nc) * outC;
          for (var co = 0; co < outC; co = co + 1) {
            let di = base + vec4<i32>(co);
            ${gather4('da', 'dy', 'di')}
            let a = select(vec4<f32>(0.0), da, ok);
            let a0 = a.x; let a1 = a.y; let a2 = a.z; let a3 = a.w;
            let wi = wb + vec4<i32>(co);
            ${gather4('b', 'W', 'wi')}
            ${FMA_BLOCK}
          }
        }
      }
    }`,
      '',
      PARTIAL_WRITE,
    );
  }
}

/**
 * The non-overlapping 2x2 stride-2 transpose as the plain matmul dy [M, K] x W^T [K, N] (M = batch*H*W,
 * K = co, N = 4*ci), stored through the depth-to-space `write` of the tiled program.
 */
export class Conv2DTranspose2x2BlockedProgram extends BlockedProgram {
  variableNames = ['dy', 'W'];
  uniforms = 'dimM : i32, dimN : i32, dimK : i32, kChunk : i32, inHW : vec2<i32>,';

  constructor(
    outputShape: number[],
    dimM: number,
    dimN: number,
    splits: number,
    readonly write: string,
  ) {
    super('Conv2DTranspose2x2', outputShape, dimM, dimN, splits);
  }

  getUserCode(): string {
    return registerBlockedSource(
      this.workgroupSize,
      `
    let mc = min(vec4<i32>(mBase) + vec4<i32>(0, 1, 2, 3), vec4<i32>(uniforms.dimM - 1));
    ${CLAMPED_COLUMNS}
    let ab = mc * uniforms.dimK;
    let bb = nc * uniforms.dimK;
    let kBegin = split * uniforms.kChunk;
    let kEnd = min(uniforms.dimK, kBegin + uniforms.kChunk);
    for (var k = kBegin; k < kEnd; k = k + 1) {
      let ai = ab + vec4<i32>(k);
      ${gather4('a', 'dy', 'ai')}
      let a0 = a.x; let a1 = a.y; let a2 = a.z; let a3 = a.w;
      let bi = bb + vec4<i32>(k);
      ${gather4('b', 'W', 'bi')}
      ${FMA_BLOCK}
    }`,
      '',
      this.write,
    );
  }
}
