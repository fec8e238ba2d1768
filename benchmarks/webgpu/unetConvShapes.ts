/** The convolution kernel calls of one U-Net training step (Maskflow's buildUNet layout), with their shapes. */

/** One kernel call: which kernel, its input shapes and attributes (NHWC, dilation 1). */
export interface KernelCall {
  /** Layers that make this exact call (identical shapes are merged), e.g. 'enc2.conv_b dW'. */
  layers: string[];
  kernel: 'Conv2DBackpropFilter' | 'Conv2DBackpropInput' | 'FusedConv2D';
  /** Conv2DBackpropFilter: x and dy; Conv2DBackpropInput: dy and filter; FusedConv2D: x, filter, bias. */
  inputs: Record<string, number[]>;
  attrs: { strides: number; pad: 'same'; dataFormat: 'NHWC'; filterShape?: number[]; inputShape?: number[]; dilations?: number; activation?: string };
}

/** U-Net step sizes: input size, base filters, depth, batch, input channels. */
export interface UNetShape {
  size: number;
  baseFilters: number;
  depth: number;
  batch: number;
  channels?: number;
}

/**
 * Every FusedConv2D / Conv2DBackpropFilter / Conv2DBackpropInput call of one training step: for each
 * 3x3 'same' conv its forward (with bias; the 1x1 output conv with sigmoid), its filter gradient and (except the first layer, whose input needs none) its input gradient;
 * for each 2x2 stride-2 conv2dTranspose its forward (a Conv2DBackpropInput) and its filter gradient;
 * the final 1x1 conv's filter gradient. Calls with equal shapes are merged (layers lists them).
 */
export function unetConvCalls(u: UNetShape): KernelCall[] {
  const { size, baseFilters: base, depth, batch: b } = u;
  const calls = new Map<string, KernelCall>();
  const add = (layer: string, kernel: KernelCall['kernel'], inputs: Record<string, number[]>, attrs: KernelCall['attrs']): void => {
    const key = JSON.stringify([kernel, inputs, attrs]);
    const found = calls.get(key);
    if (found) found.layers.push(layer);
    else calls.set(key, { layers: [layer], kernel, inputs, attrs });
  };
  const conv = (name: string, s: number, cin: number, cout: number, k: number, needsDx: boolean, activation = 'linear'): void => {
    const x = [b, s, s, cin];
    const dy = [b, s, s, cout];
    const filter = [k, k, cin, cout];
    add(`${name} forward`, 'FusedConv2D', { x, filter, bias: [cout] }, { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, activation });
    add(`${name} dW`, 'Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: filter });
    if (needsDx) add(`${name} dx`, 'Conv2DBackpropInput', { dy, filter }, { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: x });
  };
  const up = (name: string, s: number, cin: number, cout: number): void => {
    // conv2dTranspose(small [b, s/2, s/2, cin]) -> big [b, s, s, cout], filter [2, 2, cout, cin].
    const small = [b, s / 2, s / 2, cin];
    const big = [b, s, s, cout];
    const filter = [2, 2, cout, cin];
    add(`${name} forward`, 'Conv2DBackpropInput', { dy: small, filter }, { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: big });
    add(`${name} dW`, 'Conv2DBackpropFilter', { x: big, dy: small }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: filter });
  };
  let cin = u.channels ?? 3;
  for (let i = 0; i < depth; i++) {
    const s = size / 2 ** i;
    const f = base * 2 ** i;
    conv(`enc${i}.conv_a`, s, cin, f, 3, i > 0);
    conv(`enc${i}.conv_b`, s, f, f, 3, true);
    cin = f;
  }
  const fc = base * 2 ** depth;
  conv('center.conv_a', size / 2 ** depth, cin, fc, 3, true);
  conv('center.conv_b', size / 2 ** depth, fc, fc, 3, true);
  for (let i = depth - 1; i >= 0; i--) {
    const s = size / 2 ** i;
    const f = base * 2 ** i;
    up(`dec${i}.up`, s, 2 * f, f);
    conv(`dec${i}.conv_a`, s, 2 * f, f, 3, true);
    conv(`dec${i}.conv_b`, s, f, f, 3, true);
  }
  conv('out.conv1x1', size, base, 1, 1, true, 'sigmoid');
  return [...calls.values()];
}
