/** The model of a bench configuration, and the FLOPs of its training step. */
import { buildUNet, type tf } from '@maskflow/model';
import { capOf, isMobileNetV2, type UNetConfig } from './unetConfig.js';
import { unetTrainingFlops } from './unetFlops.js';

/**
 * buildUNet for `config`, seeded. The MobileNetV2 encoder starts from the seeded initializers
 * rather than ImageNet's weights: a step costs the same, and the bench loads no weight file.
 */
export function buildBenchUNet(config: UNetConfig): tf.LayersModel {
  const { size, baseFilters, depth } = config;
  return buildUNet({
    inputSize: [size, size], baseFilters, depth, maxFilters: capOf(config), seed: 1,
    ...(isMobileNetV2(config) ? { encoder: 'mobilenet_v2' as const, encoderWeights: 'none' as const } : {}),
  });
}

/** Multiply-adds of one image's forward pass through a built model's convolutions, and those of the ones that read the image. */
export interface ModelMacs {
  total: number;
  /** Convolutions whose input is the image (or its rescaling): nothing needs their input gradient. */
  onImage: number;
}

/**
 * Counts the multiply-adds of every Conv2D, DepthwiseConv2D and Conv2DTranspose of `model` from
 * its layers' shapes: kh x kw x in x out (x multiplier, depthwise) per output pixel of a conv, per
 * input pixel of a transposed conv. BatchNorm, ReLU, adds, pooling and concatenation are
 * O(activations) and left out, as in unetForwardMacs.
 */
export function modelForwardMacs(model: tf.LayersModel): ModelMacs {
  const imageLayers = new Set<string>([model.inputLayers[0]!.name]);
  let total = 0, onImage = 0;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    const node = layer.inboundNodes[0];
    const inbound = node?.inboundLayers.map((l) => l.name) ?? [];
    if (kind === 'Rescaling' && inbound.every((name) => imageLayers.has(name))) imageLayers.add(layer.name);
    if (kind !== 'Conv2D' && kind !== 'DepthwiseConv2D' && kind !== 'Conv2DTranspose') continue;
    const [kh, kw, a, b] = layer.getWeights()[0]!.shape as [number, number, number, number];
    // (A layer's own inputShape is unset in tfjs-layers; its inbound node holds the shape.)
    const shape = (kind === 'Conv2DTranspose' ? node!.inputShapes[0] : layer.outputShape) as number[];
    const macs = shape[1]! * shape[2]! * kh * kw * a * b;
    total += macs;
    if (inbound.every((name) => imageLayers.has(name))) onImage += macs;
  }
  return { total, onImage };
}

/**
 * FLOPs of one training step of `config`: forward, then the input and filter gradients of every
 * convolution (each as much as its forward pass), minus the input gradients nothing needs (the
 * convolutions on the image). The tutorial's U-Net by its closed form; the MobileNetV2 U-Net
 * counted from a built model. 2 FLOPs per multiply-add.
 */
export function trainingFlops(config: UNetConfig): number {
  if (!isMobileNetV2(config)) return unetTrainingFlops(config);
  const model = buildBenchUNet(config);
  try {
    const { total, onImage } = modelForwardMacs(model);
    return 2 * config.batch * (3 * total - onImage);
  } finally {
    model.dispose();
  }
}
