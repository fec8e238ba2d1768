import * as tfl from '@tensorflow/tfjs-layers';

type Sym = tfl.SymbolicTensor;

/** Conv 3x3 'same' -> BatchNorm -> ReLU, as in @maskflow/model's U-Net. */
function convBnRelu(x: Sym, filters: number, seed: number): Sym {
  const kernelInitializer = tfl.initializers.glorotUniform({ seed });
  const conv = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', kernelInitializer }).apply(x) as Sym;
  return tfl.layers.activation({ activation: 'relu' }).apply(tfl.layers.batchNormalization().apply(conv)) as Sym;
}

/**
 * A U-Net with @maskflow/model's layer sequence (conv-BN-ReLU blocks, max pooling, 2x2 stride-2
 * transposed convolutions, skip concatenation, 1x1 sigmoid head), built here because kernels must
 * not depend on the model package. Seeded: two calls give equal weights.
 */
export function tinyUNet(size: number, base: number, depth: number): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, 3] });
  let x: Sym = input;
  let seed = 1;
  const skips: Sym[] = [];
  for (let level = 0; level < depth; level++) {
    x = convBnRelu(convBnRelu(x, base * 2 ** level, seed++), base * 2 ** level, seed++);
    skips.push(x);
    x = tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }).apply(x) as Sym;
  }
  x = convBnRelu(convBnRelu(x, base * 2 ** depth, seed++), base * 2 ** depth, seed++);
  for (let level = depth - 1; level >= 0; level--) {
    const filters = base * 2 ** level;
    const kernelInitializer = tfl.initializers.glorotUniform({ seed: seed++ });
    const up = tfl.layers.conv2dTranspose({ filters, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer }).apply(x) as Sym;
    x = tfl.layers.concatenate().apply([skips[level]!, up]) as Sym;
    x = tfl.layers.activation({ activation: 'relu' }).apply(tfl.layers.batchNormalization().apply(x)) as Sym;
    x = convBnRelu(convBnRelu(x, filters, seed++), filters, seed++);
  }
  const kernelInitializer = tfl.initializers.glorotUniform({ seed });
  const output = tfl.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid', kernelInitializer }).apply(x) as Sym;
  return tfl.model({ inputs: input, outputs: output });
}
